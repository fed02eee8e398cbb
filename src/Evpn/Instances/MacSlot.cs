namespace Evpnd.Evpn.Instances;

/// <summary>
/// A MAC's value in a <see cref="MacTable"/>: 8 bytes, so that a table entry (hash, next, MAC,
/// slot) is 24 bytes, 33 MB for a million MACs. While <see cref="Entry"/> is 0 the MAC has exactly
/// one remote route, MAC-only, installed where it points, and nothing else (no local learning, no
/// advertisement, no move history): <see cref="Path"/> is that route. Anything more lives in a
/// <see cref="MacEntry"/>, and <see cref="Entry"/> is 1 + its index.
/// </summary>
/// <remarks>
/// A compact slot packs the path's three indices in 21 bits each; a detailed one sets the top bit
/// and keeps the entry's number in the low 32. A path whose indices do not fit (more than two
/// million templates, attribute sets or sources: not seen, but not impossible) is kept in a
/// detailed entry instead: <see cref="Fits"/>.
/// </remarks>
internal struct MacSlot
{
    private const int Bits = 21;
    private const ulong Mask = (1UL << Bits) - 1;
    private const ulong DetailBit = 1UL << 63;

    private ulong _value;

    /// <summary>Whether a compact slot can hold <paramref name="path"/>.</summary>
    public static bool Fits(RemotePath path) =>
        (uint)path.Template <= Mask && (uint)path.Attributes <= Mask && (uint)path.Source <= Mask;

    /// <summary>The one route of a compact slot; meaningless once <see cref="Entry"/> is set. Set only a path that <see cref="Fits"/>.</summary>
    public RemotePath Path
    {
        readonly get => new((int)(_value & Mask), (int)((_value >> Bits) & Mask), (int)((_value >> (2 * Bits)) & Mask));
        set
        {
            if (!Fits(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A compact slot holds indices below 2^21: keep this path in a detailed entry.");
            }
            _value = (uint)value.Template | ((ulong)(uint)value.Attributes << Bits) | ((ulong)(uint)value.Source << (2 * Bits));
        }
    }

    /// <summary>0 for a compact slot (then set <see cref="Path"/>), else 1 + the detailed entry's index.</summary>
    public int Entry
    {
        readonly get => (_value & DetailBit) != 0 ? (int)(uint)_value : 0;
        set => _value = value == 0 ? 0 : DetailBit | (uint)value;
    }

    public readonly bool IsCompact => (_value & DetailBit) == 0;
}
