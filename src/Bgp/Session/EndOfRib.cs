using System.Buffers.Binary;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// End-of-RIB marker (RFC 4724 s2): for IPv4 unicast an UPDATE with no withdrawn routes, no
/// attributes and no NLRI; for any other family an UPDATE whose only attribute is an empty
/// MP_UNREACH_NLRI for that family.
/// </summary>
public static class EndOfRib
{
    private const byte MpUnreachNlri = 15;
    private const byte OptionalFlag = 0x80;

    /// <summary>Builds the whole message, header included.</summary>
    public static byte[] Build(AfiSafi family)
    {
        var ipv4 = family == AfiSafi.Ipv4Unicast;
        var attributes = ipv4 ? 0 : 6;
        var message = new byte[BgpHeader.Length + 4 + attributes];
        message.AsSpan(0, BgpHeader.MarkerLength).Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(16), (ushort)message.Length);
        message[18] = (byte)BgpMessageType.Update;
        // Withdrawn Routes Length = 0 at 19; Total Path Attribute Length at 21.
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(21), (ushort)attributes);
        if (!ipv4)
        {
            message[23] = OptionalFlag;
            message[24] = MpUnreachNlri;
            message[25] = 3;
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(26), family.Afi);
            message[28] = family.Safi;
        }
        return message;
    }
}
