using Evpnd.KernelSync;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// Route type 2, MAC/IP Advertisement (RFC 7432 s7.2). <see cref="Label1"/> is the raw 24-bit field:
/// the L2 VNI for VXLAN (RFC 8365 s5.1.3). <see cref="Label2"/>, when present, is the L3 VNI of
/// symmetric IRB (RFC 9135 s5.1). IP is absent, IPv4 or IPv6.
/// </summary>
public sealed record MacIpAdvertisementRoute(
    RouteDistinguisher Rd,
    EthernetSegmentId Esi,
    EthernetTag EthernetTag,
    MacAddress Mac,
    IpAddressValue Ip,
    uint Label1,
    uint? Label2 = null)
    : EvpnRoute(Rd)
{
    private const int MacOffset = 23;
    private const int IpLengthOffset = 29;
    private const int IpOffset = 30;

    public override EvpnRouteType RouteType => EvpnRouteType.MacIpAdvertisement;

    public override int BodyLength => IpOffset + Ip.ByteLength + EvpnLabel.Length + (Label2.HasValue ? EvpnLabel.Length : 0);

    public MacIpRouteKey Key => new(Rd, EthernetTag, Mac, Ip);

    /// <summary>Label1 read as a VNI (VXLAN encapsulation, RFC 8365 s5.1.3).</summary>
    public Vni L2Vni => new(Label1);

    /// <summary>
    /// RFC 7432 s7.2: MAC length 48, IP length 0, 32 or 128, then one or two 3-octet labels; so 33,
    /// 37 or 49 octets, or 36, 40 or 52 with Label2. Anything else cannot be parsed reliably.
    /// </summary>
    internal static bool IsValidBody(ReadOnlySpan<byte> body)
    {
        if (body.Length < IpOffset || body[MacOffset - 1] != 48)
        {
            return false;
        }
        int ipBytes = body[IpLengthOffset] switch
        {
            0 => 0,
            32 => 4,
            128 => 16,
            _ => -1,
        };
        int labels = body.Length - IpOffset - ipBytes;
        return ipBytes >= 0 && labels is EvpnLabel.Length or 2 * EvpnLabel.Length;
    }

    /// <summary>The route key, read in place (for the non-allocating walker). Body must be valid.</summary>
    internal static MacIpRouteKey ReadKey(ReadOnlySpan<byte> body) => new(
        RouteDistinguisher.Read(body),
        EthernetTag.Read(body[18..]),
        MacAddress.Read(body[MacOffset..]),
        IpAddressValue.Read(body.Slice(IpOffset, body[IpLengthOffset] / 8)));

    /// <summary>
    /// RFC 7432 s7.2:
    /// +---------------------------------------+
    /// |  RD (8 octets)                        |
    /// +---------------------------------------+
    /// |Ethernet Segment Identifier (10 octets)|
    /// +---------------------------------------+
    /// |  Ethernet Tag ID (4 octets)           |
    /// +---------------------------------------+
    /// |  MAC Address Length (1 octet)         |
    /// +---------------------------------------+
    /// |  MAC Address (6 octets)               |
    /// +---------------------------------------+
    /// |  IP Address Length (1 octet)          |
    /// +---------------------------------------+
    /// |  IP Address (0, 4, or 16 octets)      |
    /// +---------------------------------------+
    /// |  MPLS Label1 (3 octets)               |
    /// +---------------------------------------+
    /// |  MPLS Label2 (0 or 3 octets)          |
    /// +---------------------------------------+
    /// </summary>
    internal static EvpnRoute Decode(ReadOnlySpan<byte> body)
    {
        int ipBytes = body[IpLengthOffset] / 8;
        var labels = body[(IpOffset + ipBytes)..];
        return new MacIpAdvertisementRoute(
            RouteDistinguisher.Read(body),
            EthernetSegmentId.Read(body[8..]),
            EthernetTag.Read(body[18..]),
            MacAddress.Read(body[MacOffset..]),
            IpAddressValue.Read(body.Slice(IpOffset, ipBytes)),
            EvpnLabel.Read(labels),
            labels.Length == 2 * EvpnLabel.Length ? EvpnLabel.Read(labels[EvpnLabel.Length..]) : null);
    }

    protected override void WriteBody(Span<byte> destination)
    {
        Rd.Write(destination);
        Esi.Write(destination[8..]);
        EthernetTag.Write(destination[18..]);
        destination[MacOffset - 1] = 48;
        Mac.Write(destination[MacOffset..]);
        destination[IpLengthOffset] = (byte)Ip.BitLength;
        Ip.Write(destination[IpOffset..]);
        int label = IpOffset + Ip.ByteLength;
        EvpnLabel.Write(destination[label..], Label1);
        if (Label2 is uint label2)
        {
            EvpnLabel.Write(destination[(label + EvpnLabel.Length)..], label2);
        }
    }
}
