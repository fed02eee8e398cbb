namespace Evpnd.Bgp.Wire;

/// <summary>RFC 4271 s4.1 message types, plus ROUTE-REFRESH (RFC 2918).</summary>
public enum BgpMessageType : byte
{
    Open = 1,
    Update = 2,
    Notification = 3,
    Keepalive = 4,
    RouteRefresh = 5,
}
