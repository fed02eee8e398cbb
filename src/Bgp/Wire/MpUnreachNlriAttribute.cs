using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// MP_UNREACH_NLRI (type 15, optional non-transitive, RFC 4760 s4); the withdrawn routes kept as
/// raw bytes. Empty, it is the End-of-RIB marker of its family (RFC 4724 s2).
/// </summary>
/// <remarks>
/// +---------------------------------------------------------+
/// | Address Family Identifier (2 octets)                    |
/// +---------------------------------------------------------+
/// | Subsequent Address Family Identifier (1 octet)          |
/// +---------------------------------------------------------+
/// | Withdrawn Routes (variable)                             |
/// +---------------------------------------------------------+
/// </remarks>
public sealed record MpUnreachNlriAttribute(AfiSafi Family, ImmutableArray<byte> Withdrawn)
    : PathAttribute(PathAttributeFlags.Optional)
{
    public override byte TypeCode => (byte)PathAttributeType.MpUnreachNlri;

    // RFC 7606 s7.12 and s5.3: AFI/SAFI must be present and the withdrawn routes must parse.
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) =>
        value.Length >= 3 &&
        MpNlriSyntax.IsWellFormed(new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(value), value[2]), value[3..]);

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        new MpUnreachNlriAttribute(new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(value), value[2]), [.. value[3..]]) { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => 3 + Withdrawn.Length;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Family.Afi);
        destination[2] = Family.Safi;
        Withdrawn.AsSpan().CopyTo(destination[3..]);
    }

    public bool Equals(MpUnreachNlriAttribute? other) =>
        other is not null && base.Equals(other) && Family == other.Family && ArrayEquality.Equal(Withdrawn, other.Withdrawn);

    public override int GetHashCode() => HashCode.Combine(Family, ArrayEquality.Hash(Withdrawn));
}
