using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// AS4_PATH (type 17, optional transitive, RFC 6793 s3): the 4-octet path sent alongside a 2-octet
/// AS_PATH, only towards peers without 4-octet AS support, and merged on receipt
/// (<see cref="As4Translation"/>).
/// </summary>
public sealed record As4PathAttribute(ImmutableArray<AsPathSegment> Segments)
    : PathAttribute(PathAttributeFlags.Optional | PathAttributeFlags.Transitive)
{
    public override byte TypeCode => (byte)PathAttributeType.As4Path;

    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) =>
        AsPathCodec.IsWellFormed(value, 4);

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        new As4PathAttribute(AsPathCodec.Decode(value, 4)) { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => AsPathCodec.GetLength(Segments, 4);

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options) =>
        AsPathCodec.Write(Segments, destination, 4);

    public bool Equals(As4PathAttribute? other) =>
        other is not null && base.Equals(other) && ArrayEquality.Equal(Segments, other.Segments);

    public override int GetHashCode() => ArrayEquality.Hash(Segments);
}
