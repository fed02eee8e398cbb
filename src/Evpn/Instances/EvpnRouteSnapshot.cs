using System.Net;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>One route we originate, or one imported route per VNI it is imported into (<c>evpnd show evpn routes</c>).</summary>
public sealed record EvpnRouteSnapshot(
    EvpnRouteOrigin Origin,
    Vni Vni,
    EvpnRoute Route,
    IReadOnlyList<RouteTarget> RouteTargets,
    IPAddress? NextHop,
    IPAddress? Peer,
    uint Sequence,
    bool Sticky)
{
    public EvpnRouteType Type => Route.RouteType;

    public RouteDistinguisher Rd => Route.Rd;
}
