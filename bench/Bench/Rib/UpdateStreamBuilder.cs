using System.Buffers.Binary;

namespace Evpnd.Bench.Rib;

/// <summary>
/// A recorded-style stream of UPDATEs as FRR 8.4 sends EVPN type-2 routes (the attribute order
/// and flags of tests/Vectors/frr-gobgp-ipv4.hex message 15): MP_REACH_NLRI first (extended
/// length), then ORIGIN IGP, AS_PATH 65001 (extended length, 4-octet AS), EXTENDED_COMMUNITIES
/// with the VXLAN encapsulation and RT 65001:100. Each UPDATE is filled with as many 33-byte
/// MAC-only type-2 NLRI as fit in 4096 bytes, all under the one attribute set; RD 10.255.0.1:2,
/// label (VNI) 100, MAC 02:00:00:00:00:00 + i.
/// </summary>
internal static class UpdateStreamBuilder
{
    public const int MaxMessage = 4096;
    public const int NlriLength = 2 + 33;

    private static readonly byte[] s_nextHop = [0x0a, 0xff, 0x00, 0x01];

    // ORIGIN IGP; AS_PATH AS_SEQUENCE [65001]; EXT_COMM [encapsulation VXLAN (RFC 9012 s4.1, type 8), RT 65001:100].
    private static readonly byte[] s_trailingAttributes =
    [
        0x40, 0x01, 0x01, 0x00,
        0x50, 0x02, 0x00, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9,
        0xc0, 0x10, 0x10,
        0x03, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08,
        0x00, 0x02, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x64,
    ];

    /// <summary>19 header + 2 + 2 + MP_REACH (4 + AFI 2 + SAFI 1 + NH len 1 + NH 4 + reserved 1) + the rest.</summary>
    public static int FixedLength => 19 + 2 + 2 + 4 + 9 + s_trailingAttributes.Length;

    public static int RoutesPerUpdate => (MaxMessage - FixedLength) / NlriLength;

    public static byte[] Build(int routes, out int updates)
    {
        updates = (routes + RoutesPerUpdate - 1) / RoutesPerUpdate;
        var stream = new byte[updates * FixedLength + routes * NlriLength];
        var offset = 0;
        for (var first = 0; first < routes; first += RoutesPerUpdate)
        {
            offset += WriteUpdate(stream.AsSpan(offset), first, Math.Min(RoutesPerUpdate, routes - first));
        }

        return stream;
    }

    private static int WriteUpdate(Span<byte> message, int first, int count)
    {
        var length = FixedLength + count * NlriLength;
        message[..16].Fill(0xff);
        BinaryPrimitives.WriteUInt16BigEndian(message[16..], (ushort)length);
        message[18] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(message[19..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(message[21..], (ushort)(length - 23));
        var reach = message[23..];
        reach[0] = 0x90;
        reach[1] = 14;
        BinaryPrimitives.WriteUInt16BigEndian(reach[2..], (ushort)(9 + count * NlriLength));
        BinaryPrimitives.WriteUInt16BigEndian(reach[4..], 25);
        reach[6] = 70;
        reach[7] = (byte)s_nextHop.Length;
        s_nextHop.CopyTo(reach[8..]);
        reach[12] = 0;
        var nlri = reach[13..];
        for (var i = 0; i < count; i++)
        {
            WriteMacRoute(nlri.Slice(i * NlriLength, NlriLength), first + i);
        }

        s_trailingAttributes.CopyTo(reach[(13 + count * NlriLength)..]);
        return length;
    }

    /// <summary>
    /// RFC 7432 s7.2 MAC/IP Advertisement route, MAC only:
    /// type 2, length 33 | RD (8) | ESI (10) | Ethernet Tag (4) | MAC length 48 (1) | MAC (6) |
    /// IP length 0 (1) | MPLS Label1 (3, the VNI for VXLAN, RFC 8365 s5.1.3).
    /// </summary>
    private static void WriteMacRoute(Span<byte> nlri, int index)
    {
        nlri.Clear();
        nlri[0] = 2;
        nlri[1] = 33;
        var body = nlri[2..];
        body[1] = 0x01;
        s_nextHop.CopyTo(body[2..]);
        body[7] = 0x02;
        body[22] = 48;
        body[23] = 0x02;
        BinaryPrimitives.WriteUInt32BigEndian(body[25..], (uint)index);
        body[31] = 0x00;
        body[32] = 0x64;
    }
}
