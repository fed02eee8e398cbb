using Evpnd.KernelSync;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// Route type 5, IP Prefix (RFC 9136 s3.1). IPv4 and IPv6 are told apart by the NLRI length (34 or
/// 58 octets): prefix and gateway always have the family's full width, whatever the prefix length.
/// </summary>
public sealed record IpPrefixRoute(
    RouteDistinguisher Rd,
    EthernetSegmentId Esi,
    EthernetTag EthernetTag,
    byte PrefixLength,
    IpAddressValue Prefix,
    IpAddressValue Gateway,
    uint Label)
    : EvpnRoute(Rd)
{
    internal const int Ipv4Length = 34;
    internal const int Ipv6Length = 58;
    private const int PrefixLengthOffset = 22;
    private const int PrefixOffset = 23;

    public override EvpnRouteType RouteType => EvpnRouteType.IpPrefix;

    public override int BodyLength => Prefix.IsIPv6 ? Ipv6Length : Ipv4Length;

    /// <summary>
    /// RFC 9136 s3.1: the Length MUST be 34 (IPv4) or 58 (IPv6), prefix and gateway of one family;
    /// the prefix length cannot exceed the family's width.
    /// </summary>
    internal static bool IsValidBody(ReadOnlySpan<byte> body) =>
        (body.Length == Ipv4Length && body[PrefixLengthOffset] <= 32) ||
        (body.Length == Ipv6Length && body[PrefixLengthOffset] <= 128);

    /// <summary>
    /// RFC 9136 s3.1:
    /// +---------------------------------------+
    /// |      RD (8 octets)                    |
    /// +---------------------------------------+
    /// |Ethernet Segment Identifier (10 octets)|
    /// +---------------------------------------+
    /// |  Ethernet Tag ID (4 octets)           |
    /// +---------------------------------------+
    /// |  IP Prefix Length (1 octet, 0 to 32)  |
    /// +---------------------------------------+
    /// |  IP Prefix (4 octets)                 |
    /// +---------------------------------------+
    /// |  GW IP Address (4 octets)             |
    /// +---------------------------------------+
    /// |  MPLS Label (3 octets)                |
    /// +---------------------------------------+
    /// (IPv6: prefix length 0 to 128, prefix and gateway 16 octets each.)
    /// </summary>
    internal static EvpnRoute Decode(ReadOnlySpan<byte> body)
    {
        int width = body.Length == Ipv6Length ? 16 : 4;
        return new IpPrefixRoute(
            RouteDistinguisher.Read(body),
            EthernetSegmentId.Read(body[8..]),
            EthernetTag.Read(body[18..]),
            body[PrefixLengthOffset],
            IpAddressValue.Read(body.Slice(PrefixOffset, width)),
            IpAddressValue.Read(body.Slice(PrefixOffset + width, width)),
            EvpnLabel.Read(body[(PrefixOffset + (2 * width))..]));
    }

    protected override void WriteBody(Span<byte> destination)
    {
        if (Prefix.IsNone || Gateway.ByteLength != Prefix.ByteLength)
        {
            throw new InvalidOperationException("A type-5 route needs a prefix and a gateway of the same family (RFC 9136 s3.1).");
        }
        int width = Prefix.ByteLength;
        Rd.Write(destination);
        Esi.Write(destination[8..]);
        EthernetTag.Write(destination[18..]);
        destination[PrefixLengthOffset] = PrefixLength;
        Prefix.Write(destination[PrefixOffset..]);
        Gateway.Write(destination[(PrefixOffset + width)..]);
        EvpnLabel.Write(destination[(PrefixOffset + (2 * width))..], Label);
    }
}
