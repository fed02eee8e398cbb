using System.Buffers.Binary;

namespace Evpnd.Bgp.Wire;

/// <summary>MULTI_EXIT_DISC (type 4, optional non-transitive, RFC 4271 s5.1.4): 4 octets.</summary>
public sealed record MultiExitDiscAttribute(uint Value) : PathAttribute(PathAttributeFlags.Optional)
{
    public override byte TypeCode => (byte)PathAttributeType.MultiExitDisc;

    // RFC 7606 s7.4: a length other than 4 is malformed.
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) => value.Length == 4;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        new MultiExitDiscAttribute(BinaryPrimitives.ReadUInt32BigEndian(value)) { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => 4;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, Value);
}
