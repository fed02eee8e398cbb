using Evpnd.KernelSync;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// What identifies a MAC/IP Advertisement route (RFC 7432 s7.2): RD, Ethernet Tag, MAC and IP.
/// ESI and labels are attributes of the route, not part of its key.
/// </summary>
public readonly record struct MacIpRouteKey(RouteDistinguisher Rd, EthernetTag EthernetTag, MacAddress Mac, IpAddressValue Ip)
{
    public override string ToString() =>
        Ip.IsNone ? $"[2]:[{Rd}]:[{EthernetTag}]:[{Mac}]" : $"[2]:[{Rd}]:[{EthernetTag}]:[{Mac}]:[{Ip}]";
}
