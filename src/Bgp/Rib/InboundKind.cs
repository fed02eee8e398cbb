namespace Evpnd.Bgp.Rib;

/// <summary>What a record of a <see cref="PeerInbox"/> holds.</summary>
internal enum InboundKind : byte
{
    /// <summary>An UPDATE (header included) and the result of its one RFC 7606 check.</summary>
    Update,

    /// <summary>A ROUTE-REFRESH: a request, BoRR or EoRR (RFC 2918, RFC 7313); no bytes.</summary>
    RouteRefresh,
}
