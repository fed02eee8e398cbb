using System.Buffers.Binary;
using System.Net;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// AS4_AGGREGATOR (type 18, optional transitive, RFC 6793 s3): AS(4) then IPv4 address; sent only
/// towards 2-octet peers and merged on receipt (<see cref="As4Translation"/>).
/// </summary>
public sealed record As4AggregatorAttribute(uint Asn, IPAddress Address) : PathAttribute(PathAttributeFlags.Optional | PathAttributeFlags.Transitive)
{
    public override byte TypeCode => (byte)PathAttributeType.As4Aggregator;

    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) => value.Length == 8;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        new As4AggregatorAttribute(BinaryPrimitives.ReadUInt32BigEndian(value), new IPAddress(value[4..8])) { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => 8;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Asn);
        Address.TryWriteBytes(destination[4..], out _);
    }
}
