using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>One AS_PATH segment: a type and its AS numbers (always held as 4-octet values).</summary>
public sealed record AsPathSegment(AsPathSegmentType Type, ImmutableArray<uint> Asns)
{
    /// <summary>RFC 4271 s9.1.2.2: an AS_SET counts as one, confederation segments count zero.</summary>
    public int PathLength => Type switch
    {
        AsPathSegmentType.AsSequence => Asns.Length,
        AsPathSegmentType.AsSet => 1,
        _ => 0,
    };

    public bool Equals(AsPathSegment? other) =>
        other is not null && Type == other.Type && ArrayEquality.Equal(Asns, other.Asns);

    public override int GetHashCode() => HashCode.Combine(Type, ArrayEquality.Hash(Asns));

    public override string ToString() => Type switch
    {
        AsPathSegmentType.AsSequence => string.Join(' ', Asns),
        AsPathSegmentType.AsSet => "{" + string.Join(',', Asns) + "}",
        AsPathSegmentType.ConfedSequence => "(" + string.Join(' ', Asns) + ")",
        _ => "[" + string.Join(',', Asns) + "]",
    };
}
