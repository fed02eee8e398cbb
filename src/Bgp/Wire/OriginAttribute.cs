namespace Evpnd.Bgp.Wire;

/// <summary>ORIGIN (type 1, well-known mandatory, RFC 4271 s5.1.1): one octet.</summary>
public sealed record OriginAttribute(Origin Value) : PathAttribute(PathAttributeFlags.Transitive)
{
    public override byte TypeCode => (byte)PathAttributeType.Origin;

    // RFC 7606 s7.1: a length other than 1 or an undefined value is malformed.
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) =>
        value.Length == 1 && value[0] <= (byte)Origin.Incomplete;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        new OriginAttribute((Origin)value[0]) { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => 1;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options) => destination[0] = (byte)Value;
}
