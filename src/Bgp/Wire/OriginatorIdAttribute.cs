using System.Buffers.Binary;

namespace Evpnd.Bgp.Wire;

/// <summary>ORIGINATOR_ID (type 9, optional non-transitive, RFC 4456 s8): the originator's BGP identifier.</summary>
public sealed record OriginatorIdAttribute(uint RouterId) : PathAttribute(PathAttributeFlags.Optional)
{
    public override byte TypeCode => (byte)PathAttributeType.OriginatorId;

    // RFC 7606 s7.9: a length other than 4 is malformed.
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) => value.Length == 4;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        new OriginatorIdAttribute(BinaryPrimitives.ReadUInt32BigEndian(value)) { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => 4;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, RouterId);
}
