namespace Evpnd.Evpn.Wire;

/// <summary>Route type 1, Ethernet Auto-discovery (RFC 7432 s7.1).</summary>
public sealed record EthernetAutoDiscoveryRoute(RouteDistinguisher Rd, EthernetSegmentId Esi, EthernetTag EthernetTag, uint Label)
    : EvpnRoute(Rd)
{
    internal const int FixedLength = RouteDistinguisher.Length + EthernetSegmentId.Length + EthernetTag.Length + EvpnLabel.Length;

    public override EvpnRouteType RouteType => EvpnRouteType.EthernetAutoDiscovery;

    public override int BodyLength => FixedLength;

    /// <summary>RFC 7432 s7.1: the body has exactly 25 octets.</summary>
    internal static bool IsValidBody(ReadOnlySpan<byte> body) => body.Length == FixedLength;

    /// <summary>
    /// RFC 7432 s7.1:
    /// +---------------------------------------+
    /// |  Route Distinguisher (RD) (8 octets)  |
    /// +---------------------------------------+
    /// |Ethernet Segment Identifier (10 octets)|
    /// +---------------------------------------+
    /// |  Ethernet Tag ID (4 octets)           |
    /// +---------------------------------------+
    /// |  MPLS Label (3 octets)                |
    /// +---------------------------------------+
    /// </summary>
    internal static EvpnRoute Decode(ReadOnlySpan<byte> body) => new EthernetAutoDiscoveryRoute(
        RouteDistinguisher.Read(body),
        EthernetSegmentId.Read(body[8..]),
        EthernetTag.Read(body[18..]),
        EvpnLabel.Read(body[22..]));

    protected override void WriteBody(Span<byte> destination)
    {
        Rd.Write(destination);
        Esi.Write(destination[8..]);
        EthernetTag.Write(destination[18..]);
        EvpnLabel.Write(destination[22..], Label);
    }
}
