namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>How the VTEPs' BGP sessions are arranged; the underlay is the same routed star either way.</summary>
public enum FabricKind
{
    /// <summary>One AS (65000); the FRR router in the middle is an iBGP route reflector.</summary>
    IbgpRouteReflector,

    /// <summary>
    /// An AS per leaf (6500N) and an FRR spine in AS 65100 that is not a route reflector: it passes
    /// EVPN routes on with their next hops unchanged (`attribute-unchanged next-hop`).
    /// </summary>
    EbgpSpine,

    /// <summary>
    /// One AS (65000), every VTEP peering with every other over the underlay (their uplink
    /// addresses), no route reflector: the router in the middle only routes, and no FRR runs there.
    /// </summary>
    IbgpFullMesh,
}
