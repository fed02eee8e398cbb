namespace Evpnd.Bgp.Wire;

/// <summary>A set of attribute type codes (0..255) in 32 bytes, for allocation-free bookkeeping.</summary>
public struct AttributeTypeSet : IEquatable<AttributeTypeSet>
{
    private ulong _w0;
    private ulong _w1;
    private ulong _w2;
    private ulong _w3;

    public readonly bool IsEmpty => (_w0 | _w1 | _w2 | _w3) == 0;

    public readonly bool Contains(byte typeCode)
    {
        var bit = 1UL << (typeCode & 63);
        return (typeCode >> 6) switch
        {
            0 => (_w0 & bit) != 0,
            1 => (_w1 & bit) != 0,
            2 => (_w2 & bit) != 0,
            _ => (_w3 & bit) != 0,
        };
    }

    /// <summary>Adds the type; returns false when it was already there.</summary>
    public bool Add(byte typeCode)
    {
        if (Contains(typeCode))
        {
            return false;
        }
        var bit = 1UL << (typeCode & 63);
        switch (typeCode >> 6)
        {
            case 0: _w0 |= bit; break;
            case 1: _w1 |= bit; break;
            case 2: _w2 |= bit; break;
            default: _w3 |= bit; break;
        }
        return true;
    }

    public readonly bool Equals(AttributeTypeSet other) =>
        _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    public override readonly bool Equals(object? obj) => obj is AttributeTypeSet other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    public static bool operator ==(AttributeTypeSet left, AttributeTypeSet right) => left.Equals(right);

    public static bool operator !=(AttributeTypeSet left, AttributeTypeSet right) => !left.Equals(right);
}
