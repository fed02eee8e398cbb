using System.Buffers.Binary;

namespace Evpnd.Bench.E2e;

/// <summary>
/// The injector's own BGP encoder (no evpnd code): the few messages it sends, laid out as FRR
/// 8.4 lays them out for an iBGP peer (tests/Vectors/frr-gobgp-ipv4.hex messages 15 and 18, plus
/// LOCAL_PREF and an empty AS_PATH for iBGP): MP_REACH_NLRI first (extended length), ORIGIN IGP,
/// AS_PATH empty, LOCAL_PREF 100, EXTENDED_COMMUNITIES [encapsulation VXLAN, RT AS:VNI (MAC
/// Mobility)], PMSI_TUNNEL for type 3.
/// </summary>
internal static class BgpEncoder
{
    public const int HeaderLength = 19;
    public const int MacRouteLength = 2 + 33;
    public const int MaxMessage = 4096;

    private const byte Update = 2;

    /// <summary>KEEPALIVE (RFC 4271 s4.4): the header alone.</summary>
    public static byte[] Keepalive()
    {
        var message = new byte[HeaderLength];
        Header(message, HeaderLength, 4);
        return message;
    }

    /// <summary>
    /// OPEN (RFC 4271 s4.2) with one Capabilities parameter (RFC 5492): Multiprotocol L2VPN/EVPN
    /// 25/70 (RFC 4760), Route Refresh (RFC 2918), 4-octet AS (RFC 6793). No Graceful Restart:
    /// the DUT must withdraw our routes the moment the session drops.
    /// </summary>
    public static byte[] Open(int asn, int holdTime, uint routerId)
    {
        byte[] capabilities =
        [
            1, 4, 0, 25, 0, 70,
            2, 0,
            65, 4, (byte)(asn >> 24), (byte)(asn >> 16), (byte)(asn >> 8), (byte)asn,
        ];
        var length = HeaderLength + 10 + 2 + capabilities.Length;
        var message = new byte[length];
        Header(message, length, 1);
        var body = message.AsSpan(HeaderLength);
        body[0] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(body[1..], (ushort)(asn > 0xffff ? 23456 : asn));
        BinaryPrimitives.WriteUInt16BigEndian(body[3..], (ushort)holdTime);
        BinaryPrimitives.WriteUInt32BigEndian(body[5..], routerId);
        body[9] = (byte)(2 + capabilities.Length);
        body[10] = 2;
        body[11] = (byte)capabilities.Length;
        capabilities.CopyTo(body[12..]);
        return message;
    }

    /// <summary>End-of-RIB for L2VPN/EVPN (RFC 4724 s2): an UPDATE holding only an empty MP_UNREACH_NLRI.</summary>
    public static int EndOfRib(Span<byte> message)
    {
        ReadOnlySpan<byte> attributes = [0x90, 15, 0, 3, 0, 25, 70];
        var length = HeaderLength + 4 + attributes.Length;
        Header(message, length, Update);
        BinaryPrimitives.WriteUInt16BigEndian(message[19..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(message[21..], (ushort)attributes.Length);
        attributes.CopyTo(message[23..]);
        return length;
    }

    /// <summary>
    /// An UPDATE announcing MACs [first, first + count) from one VTEP (its next hop and RD), MAC
    /// only. <paramref name="sequence"/> &gt; 0 adds the MAC Mobility community (RFC 7432 s7.7).
    /// </summary>
    public static int MacUpdate(Span<byte> message, uint vtep, int first, int count, uint sequence)
    {
        var mobility = sequence > 0;
        var nlriLength = count * MacRouteLength;
        var attributesStart = BeginUpdate(message, vtep, nlriLength);
        var nlri = message[(attributesStart + 4 + 9)..];
        for (var i = 0; i < count; i++)
        {
            WriteMacRoute(nlri.Slice(i * MacRouteLength, MacRouteLength), vtep, first + i);
        }

        var offset = attributesStart + 4 + 9 + nlriLength;
        offset = CommonAttributes(message, offset, mobility ? 24 : 16);
        if (mobility)
        {
            // MAC Mobility (type 0x06, sub-type 0x00): flags 0 (not sticky), reserved, sequence.
            message[offset] = 0x06;
            message[offset + 1] = 0x00;
            message[(offset + 2)..(offset + 4)].Clear();
            BinaryPrimitives.WriteUInt32BigEndian(message[(offset + 4)..], sequence);
            offset += 8;
        }

        return FinishUpdate(message, attributesStart, offset);
    }

    /// <summary>
    /// An UPDATE announcing the VTEP's Inclusive Multicast Ethernet Tag route (RFC 7432 s7.3)
    /// with a PMSI Tunnel attribute (RFC 6514 s5), ingress replication to the VTEP itself.
    /// </summary>
    public static int InclusiveMulticastUpdate(Span<byte> message, uint vtep)
    {
        const int RouteLength = 2 + 17;
        var attributesStart = BeginUpdate(message, vtep, RouteLength);
        var nlri = message.Slice(attributesStart + 4 + 9, RouteLength);
        nlri.Clear();
        nlri[0] = 3;
        nlri[1] = 17;
        WriteRd(nlri[2..], vtep);
        nlri[14] = 32;
        BinaryPrimitives.WriteUInt32BigEndian(nlri[15..], vtep);
        var offset = CommonAttributes(message, attributesStart + 4 + 9 + RouteLength, 16);
        // PMSI_TUNNEL (22), optional transitive: flags 0, type 6 ingress replication, label = VNI, tunnel id = VTEP.
        ReadOnlySpan<byte> pmsi = [0xc0, 22, 9, 0, 6, 0, 0, E2eAddresses.Vni];
        pmsi.CopyTo(message[offset..]);
        BinaryPrimitives.WriteUInt32BigEndian(message[(offset + pmsi.Length)..], vtep);
        return FinishUpdate(message, attributesStart, offset + pmsi.Length + 4);
    }

    /// <summary>
    /// Header, empty withdrawn routes, then the MP_REACH_NLRI header (RFC 4760 s3): AFI 25, SAFI
    /// 70, next hop = the VTEP, reserved. Returns where the path attributes start.
    /// </summary>
    private static int BeginUpdate(Span<byte> message, uint vtep, int nlriLength)
    {
        message[..16].Fill(0xff);
        message[18] = Update;
        BinaryPrimitives.WriteUInt16BigEndian(message[19..], 0);
        var reach = message[23..];
        reach[0] = 0x90;
        reach[1] = 14;
        BinaryPrimitives.WriteUInt16BigEndian(reach[2..], (ushort)(9 + nlriLength));
        BinaryPrimitives.WriteUInt16BigEndian(reach[4..], 25);
        reach[6] = 70;
        reach[7] = 4;
        BinaryPrimitives.WriteUInt32BigEndian(reach[8..], vtep);
        reach[12] = 0;
        return 23;
    }

    /// <summary>
    /// ORIGIN IGP; AS_PATH empty (iBGP, RFC 4271 s5.1.2); LOCAL_PREF 100; EXTENDED_COMMUNITIES
    /// header + encapsulation VXLAN (RFC 9012 s4.1, tunnel type 8) + RT AS:VNI (2-octet AS, FRR's
    /// auto-derived form). The caller adds communities beyond the first two.
    /// </summary>
    private static int CommonAttributes(Span<byte> message, int offset, int communityBytes)
    {
        ReadOnlySpan<byte> fixedPart =
        [
            0x40, 1, 1, 0,
            0x50, 2, 0, 0,
            0x40, 5, 4, 0, 0, 0, 100,
        ];
        fixedPart.CopyTo(message[offset..]);
        offset += fixedPart.Length;
        message[offset] = 0xc0;
        message[offset + 1] = 16;
        message[offset + 2] = (byte)communityBytes;
        offset += 3;
        ReadOnlySpan<byte> encapsulation = [0x03, 0x0c, 0, 0, 0, 0, 0, 8];
        encapsulation.CopyTo(message[offset..]);
        offset += 8;
        message[offset] = 0x00;
        message[offset + 1] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(message[(offset + 2)..], E2eAddresses.Asn);
        BinaryPrimitives.WriteUInt32BigEndian(message[(offset + 4)..], E2eAddresses.Vni);
        return offset + 8;
    }

    private static int FinishUpdate(Span<byte> message, int attributesStart, int end)
    {
        BinaryPrimitives.WriteUInt16BigEndian(message[21..], (ushort)(end - attributesStart));
        Header(message, end, Update);
        return end;
    }

    /// <summary>
    /// RFC 7432 s7.2 MAC/IP Advertisement route, MAC only: type 2, length 33 | RD (8) | ESI 0
    /// (10) | Ethernet Tag 0 (4) | MAC length 48 | MAC (6) | IP length 0 | Label1 = VNI (3, RFC
    /// 8365 s5.1.3: all 24 bits).
    /// </summary>
    private static void WriteMacRoute(Span<byte> nlri, uint vtep, int index)
    {
        nlri.Clear();
        nlri[0] = 2;
        nlri[1] = 33;
        var body = nlri[2..];
        WriteRd(body, vtep);
        body[22] = 48;
        Kernel.BenchMacs.Write(index, body.Slice(23, 6));
        body[32] = E2eAddresses.Vni;
    }

    /// <summary>RD type 1 (RFC 4364 s4.2): the VTEP's address : 2, as FRR auto-derives it (router-id:index).</summary>
    private static void WriteRd(Span<byte> rd, uint vtep)
    {
        rd[0] = 0;
        rd[1] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(rd[2..], vtep);
        rd[6] = 0;
        rd[7] = 2;
    }

    private static void Header(Span<byte> message, int length, byte type)
    {
        message[..16].Fill(0xff);
        BinaryPrimitives.WriteUInt16BigEndian(message[16..], (ushort)length);
        message[18] = type;
    }
}
