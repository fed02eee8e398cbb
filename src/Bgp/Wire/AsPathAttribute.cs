using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// AS_PATH (type 2, well-known mandatory, RFC 4271 s5.1.2). AS numbers are 4 octets on the wire
/// when both sides negotiated 4-octet AS (RFC 6793), else 2; the model always holds 4-octet values.
/// </summary>
public sealed record AsPathAttribute(ImmutableArray<AsPathSegment> Segments) : PathAttribute(PathAttributeFlags.Transitive)
{
    public static readonly AsPathAttribute Empty = new(ImmutableArray<AsPathSegment>.Empty);

    public override byte TypeCode => (byte)PathAttributeType.AsPath;

    /// <summary>A path of one AS_SEQUENCE.</summary>
    public static AsPathAttribute Sequence(params uint[] asns) =>
        asns.Length == 0 ? Empty : new([new AsPathSegment(AsPathSegmentType.AsSequence, [.. asns])]);

    /// <summary>RFC 4271 s9.1.2.2 path length.</summary>
    public int PathLength => Segments.Sum(s => s.PathLength);

    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) =>
        AsPathCodec.IsWellFormed(value, options.AsSize);

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        new AsPathAttribute(AsPathCodec.Decode(value, options.AsSize)) { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => AsPathCodec.GetLength(Segments, options.AsSize);

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options) =>
        AsPathCodec.Write(Segments, destination, options.AsSize);

    public bool Equals(AsPathAttribute? other) =>
        other is not null && base.Equals(other) && ArrayEquality.Equal(Segments, other.Segments);

    public override int GetHashCode() => ArrayEquality.Hash(Segments);

    public override string ToString() => $"AS_PATH {string.Join(' ', Segments)}";
}
