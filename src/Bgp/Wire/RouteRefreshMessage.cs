namespace Evpnd.Bgp.Wire;

/// <summary>ROUTE-REFRESH subtypes (RFC 7313 s3).</summary>
public enum RouteRefreshSubtype : byte
{
    Normal = 0,
    BeginningOfRouteRefresh = 1,
    EndOfRouteRefresh = 2,
}

/// <summary>ROUTE-REFRESH (RFC 2918, RFC 7313): AFI(2) Subtype(1) SAFI(1).</summary>
public sealed record RouteRefreshMessage(AfiSafi Family, RouteRefreshSubtype Subtype = RouteRefreshSubtype.Normal) : BgpMessage
{
    public override BgpMessageType Type => BgpMessageType.RouteRefresh;
}
