using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// One local EVPN instance (VLAN-based service, RFC 7432 s6.1): a VNI, the VTEP address our
/// VXLAN device sends from, and optionally its RD and RTs (null/empty = auto-derived).
/// </summary>
public sealed record LocalVni(Vni Vni, IPAddress LocalVtep)
{
    public RouteDistinguisher? Rd { get; init; }

    public IReadOnlyList<ImportRouteTarget> ImportRouteTargets { get; init; } = [];

    public IReadOnlyList<RouteTarget> ExportRouteTargets { get; init; } = [];
}
