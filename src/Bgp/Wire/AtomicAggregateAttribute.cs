namespace Evpnd.Bgp.Wire;

/// <summary>ATOMIC_AGGREGATE (type 6, well-known discretionary, RFC 4271 s5.1.6): empty.</summary>
public sealed record AtomicAggregateAttribute() : PathAttribute(PathAttributeFlags.Transitive)
{
    public static readonly AtomicAggregateAttribute Instance = new();

    public override byte TypeCode => (byte)PathAttributeType.AtomicAggregate;

    // RFC 7606 s7.6: a non-zero length is malformed (attribute discard).
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) => value.IsEmpty;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        flags == Instance.Flags ? Instance : new AtomicAggregateAttribute { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => 0;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options)
    {
    }
}
