using System.Buffers.Binary;
using System.Net;

namespace Evpnd.Interop.Tests.Harness.RawBgp;

/// <summary>
/// BGP messages written by hand from the RFCs, with no evpnd code, so that a test of evpnd does not
/// check evpnd against itself: OPEN (RFC 4271 s4.2) with the L2VPN/EVPN multiprotocol (RFC 4760),
/// route refresh (RFC 2918) and 4-octet AS (RFC 6793) capabilities, KEEPALIVE, and UPDATEs of EVPN
/// MAC-only type-2 routes (RFC 7432 s7.2) packed as FRR packs them.
/// </summary>
public static class RawBgpMessages
{
    public const int MaxMessage = 4096;
    public const int HeaderLength = 19;
    public const byte Open = 1;
    public const byte Update = 2;
    public const byte Notification = 3;
    public const byte Keepalive = 4;
    public const byte RouteRefresh = 5;

    private const int NlriLength = 2 + 33;

    public static byte[] KeepaliveMessage()
    {
        var message = new byte[HeaderLength];
        WriteHeader(message, HeaderLength, Keepalive);
        return message;
    }

    /// <summary>
    /// OPEN: version 4, My AS (AS_TRANS 23456 above 65535), hold time, BGP identifier, capabilities;
    /// with <paramref name="enhancedRouteRefresh"/> also Enhanced Route Refresh (RFC 7313 s3), so
    /// that a ROUTE-REFRESH is answered between BoRR and EoRR markers; with
    /// <paramref name="gracefulRestart"/> Graceful Restart (RFC 4724 s3: restart time 120, no R
    /// bit, L2VPN/EVPN with the forwarding state preserved), so the speaker waits for our End-of-RIB.
    /// </summary>
    public static byte[] OpenMessage(uint asn, IPAddress routerId, ushort holdTime, bool enhancedRouteRefresh = false, bool gracefulRestart = false)
    {
        byte[] capabilities =
        [
            1, 4, 0, 25, 0, 70,                    // multiprotocol L2VPN/EVPN
            2, 0,                                  // route refresh
            65, 4, (byte)(asn >> 24), (byte)(asn >> 16), (byte)(asn >> 8), (byte)asn, // 4-octet AS
            .. enhancedRouteRefresh ? new byte[] { 70, 0 } : [],
            // Restart flags (4 bits) and time (12 bits), then AFI(2) SAFI(1) flags(1, F = 0x80).
            .. gracefulRestart ? new byte[] { 64, 6, 0, 120, 0, 25, 70, 0x80 } : [],
        ];
        int length = HeaderLength + 10 + 2 + capabilities.Length;
        var message = new byte[length];
        WriteHeader(message, length, Open);
        var body = message.AsSpan(HeaderLength);
        body[0] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(body[1..], asn > ushort.MaxValue ? (ushort)23456 : (ushort)asn);
        BinaryPrimitives.WriteUInt16BigEndian(body[3..], holdTime);
        routerId.GetAddressBytes().CopyTo(body[5..]);
        body[9] = (byte)(2 + capabilities.Length);
        body[10] = 2;
        body[11] = (byte)capabilities.Length;
        capabilities.CopyTo(body[12..]);
        return message;
    }

    /// <summary>
    /// UPDATEs announcing the MACs under one attribute set, as many routes per message as fit:
    /// MP_REACH_NLRI, ORIGIN IGP, AS_PATH (the origin's AS, 4 octets), EXTENDED_COMMUNITIES with
    /// the route target AS:VNI, the VXLAN encapsulation and, when given, MAC mobility (RFC 7432
    /// s7.7) with the sequence number.
    /// </summary>
    public static List<byte[]> MacAnnouncements(RawEvpnOrigin origin, IEnumerable<ulong> macs, uint? mobilitySequence = null)
    {
        var attributes = Attributes(origin, mobilitySequence);
        byte[] nextHop = origin.Vtep.GetAddressBytes();
        // MP_REACH_NLRI: flags, type, 2-byte length, AFI(2) SAFI(1) NH length(1) NH reserved(1).
        int fixedLength = HeaderLength + 4 + 4 + 5 + nextHop.Length + attributes.Length;
        int perMessage = (MaxMessage - fixedLength) / NlriLength;
        var messages = new List<byte[]>();
        var batch = new List<ulong>(perMessage);
        foreach (var mac in macs)
        {
            batch.Add(mac);
            if (batch.Count == perMessage)
            {
                messages.Add(Build(origin, nextHop, attributes, batch));
                batch.Clear();
            }
        }
        if (batch.Count > 0)
        {
            messages.Add(Build(origin, nextHop, attributes, batch));
        }
        return messages;
    }

    /// <summary>
    /// End-of-RIB for L2VPN/EVPN (RFC 4724 s2): an UPDATE whose only attribute is an empty
    /// MP_UNREACH_NLRI (optional, type 15, length 3: AFI 25, SAFI 70).
    /// </summary>
    public static byte[] EndOfRibMessage()
    {
        var message = new byte[HeaderLength + 4 + 6];
        WriteHeader(message, message.Length, Update);
        var body = message.AsSpan(HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], 6);
        byte[] unreach = [0x80, 15, 3, 0, 25, 70];
        unreach.CopyTo(body[4..]);
        return message;
    }

    /// <summary>ROUTE-REFRESH for L2VPN/EVPN (RFC 2918 s3): AFI(2) subtype(1, RFC 7313: 0 request, 1 BoRR, 2 EoRR) SAFI(1).</summary>
    public static byte[] RouteRefreshMessage(byte subtype = 0)
    {
        var message = new byte[HeaderLength + 4];
        WriteHeader(message, message.Length, RouteRefresh);
        message[HeaderLength + 1] = 25;
        message[HeaderLength + 2] = subtype;
        message[HeaderLength + 3] = 70;
        return message;
    }

    /// <summary>MAC as a number (the low 48 bits) in the form "02:01:00:00:00:07".</summary>
    public static string MacText(ulong mac) => string.Join(':', Enumerable.Range(0, 6).Select(i => ((byte)(mac >> (8 * (5 - i)))).ToString("x2")));

    private static byte[] Build(RawEvpnOrigin origin, byte[] nextHop, byte[] attributes, List<ulong> macs)
    {
        int mpValue = 5 + nextHop.Length + macs.Count * NlriLength;
        int pathAttributes = 4 + mpValue + attributes.Length;
        int length = HeaderLength + 4 + pathAttributes;
        var message = new byte[length];
        WriteHeader(message, length, Update);
        var body = message.AsSpan(HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(body, 0);
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], (ushort)pathAttributes);
        var at = body[4..];
        at[0] = 0x90; // optional, extended length
        at[1] = 14;
        BinaryPrimitives.WriteUInt16BigEndian(at[2..], (ushort)mpValue);
        var mp = at[4..];
        BinaryPrimitives.WriteUInt16BigEndian(mp, 25);
        mp[2] = 70;
        mp[3] = (byte)nextHop.Length;
        nextHop.CopyTo(mp[4..]);
        mp[4 + nextHop.Length] = 0;
        var nlri = mp[(5 + nextHop.Length)..];
        foreach (var mac in macs)
        {
            WriteMacRoute(nlri, origin, mac);
            nlri = nlri[NlriLength..];
        }
        attributes.CopyTo(at[(4 + mpValue)..]);
        return message;
    }

    /// <summary>
    /// Type 2, length 33: RD(8, type 1 IPv4:number) ESI(10, zero) Ethernet Tag(4, zero) MAC
    /// length(1)=48 MAC(6) IP length(1)=0 Label1(3)=VNI (RFC 8365 s5.1.3).
    /// </summary>
    private static void WriteMacRoute(Span<byte> nlri, RawEvpnOrigin origin, ulong mac)
    {
        nlri[..NlriLength].Clear();
        nlri[0] = 2;
        nlri[1] = 33;
        var body = nlri[2..];
        BinaryPrimitives.WriteUInt16BigEndian(body, 1);
        origin.RdAddress.GetAddressBytes().CopyTo(body[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(body[6..], origin.RdNumber);
        body[22] = 48;
        for (int i = 0; i < 6; i++)
        {
            body[23 + i] = (byte)(mac >> (8 * (5 - i)));
        }
        body[29] = 0;
        body[30] = (byte)(origin.Vni >> 16);
        body[31] = (byte)(origin.Vni >> 8);
        body[32] = (byte)origin.Vni;
    }

    private static byte[] Attributes(RawEvpnOrigin origin, uint? mobilitySequence)
    {
        var attributes = new List<byte>
        {
            0x40, 1, 1, 0,                            // ORIGIN IGP
            0x40, 2, 6, 2, 1,                         // AS_PATH: one AS_SEQUENCE of one 4-octet AS
            (byte)(origin.Asn >> 24), (byte)(origin.Asn >> 16), (byte)(origin.Asn >> 8), (byte)origin.Asn,
        };
        int communities = mobilitySequence is null ? 2 : 3;
        attributes.AddRange([0xC0, 16, (byte)(8 * communities)]);
        // Route target, 2-octet AS form: type 0x00 subtype 0x02, AS(2), local administrator(4) = VNI.
        attributes.AddRange([0x00, 0x02, (byte)(origin.Asn >> 8), (byte)origin.Asn, 0, (byte)(origin.Vni >> 16), (byte)(origin.Vni >> 8), (byte)origin.Vni]);
        // Encapsulation (RFC 9012 s4.1): type 0x03 subtype 0x0C, reserved(4), tunnel type 8 = VXLAN.
        attributes.AddRange([0x03, 0x0C, 0, 0, 0, 0, 0, 8]);
        if (mobilitySequence is { } sequence)
        {
            // MAC mobility (RFC 7432 s7.7): type 0x06 subtype 0x00, flags, reserved, sequence(4).
            attributes.AddRange([0x06, 0x00, 0, 0, (byte)(sequence >> 24), (byte)(sequence >> 16), (byte)(sequence >> 8), (byte)sequence]);
        }
        return [.. attributes];
    }

    private static void WriteHeader(Span<byte> message, int length, byte type)
    {
        message[..16].Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(message[16..], (ushort)length);
        message[18] = type;
    }
}
