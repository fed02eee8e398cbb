namespace Evpnd.Bgp.Wire;

/// <summary>An address family: AFI (RFC 4760) and SAFI.</summary>
public readonly record struct AfiSafi(ushort Afi, byte Safi)
{
    public static readonly AfiSafi Ipv4Unicast = new(1, 1);
    public static readonly AfiSafi Ipv6Unicast = new(2, 1);
    public static readonly AfiSafi L2vpnEvpn = new(25, 70);

    public override string ToString() => (Afi, Safi) switch
    {
        (1, 1) => "ipv4-unicast",
        (2, 1) => "ipv6-unicast",
        (25, 70) => "l2vpn-evpn",
        _ => $"afi-{Afi}-safi-{Safi}",
    };
}
