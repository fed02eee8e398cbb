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

    /// <summary>
    /// The multicast group of the VNI's VXLAN device (IFLA_VXLAN_GROUP), when it has one: BUM
    /// traffic then goes to the group, so no flood entries are installed and the type-3 route
    /// carries a PIM-SM tree tunnel (RFC 6514 s5) instead of ingress replication.
    /// </summary>
    public IPAddress? MulticastGroup { get; init; }

    /// <summary>This VNI's flooding mode; null = <see cref="EvpnEngineOptions.Flooding"/>.</summary>
    public FloodingMode? Flooding { get; init; }
}
