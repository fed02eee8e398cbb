using System.Buffers.Binary;
using System.Net;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// AGGREGATOR (type 7, optional transitive, RFC 4271 s5.1.7): AS(2, or 4 with 4-octet AS per
/// RFC 6793) then the aggregating speaker's IPv4 address.
/// </summary>
public sealed record AggregatorAttribute(uint Asn, IPAddress Address) : PathAttribute(PathAttributeFlags.Optional | PathAttributeFlags.Transitive)
{
    public override byte TypeCode => (byte)PathAttributeType.Aggregator;

    // RFC 7606 s7.7: a length other than 6 (2-octet AS) or 8 (4-octet AS) is malformed (attribute discard).
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) => value.Length == options.AsSize + 4;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        options.FourOctetAs
            ? new AggregatorAttribute(BinaryPrimitives.ReadUInt32BigEndian(value), new IPAddress(value[4..8])) { Flags = flags }
            : new AggregatorAttribute(BinaryPrimitives.ReadUInt16BigEndian(value), new IPAddress(value[2..6])) { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => options.AsSize + 4;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options)
    {
        if (options.FourOctetAs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, Asn);
        }
        else
        {
            // RFC 6793 s4.2.2: AS_TRANS stands in for a 4-octet AS towards a 2-octet peer.
            BinaryPrimitives.WriteUInt16BigEndian(destination, Asn > ushort.MaxValue ? OpenMessage.AsTrans : (ushort)Asn);
        }
        Address.TryWriteBytes(destination[options.AsSize..], out _);
    }
}
