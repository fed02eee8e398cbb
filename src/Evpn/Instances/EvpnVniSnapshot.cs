using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>One local VNI as the CLI shows it (<c>evpnd show evpn vni</c>).</summary>
/// <param name="RemoteVteps">The VTEPs of the imported type-3 routes that name one (head-end replication targets).</param>
/// <param name="MulticastGroup">The VXLAN device's multicast group, null without one.</param>
/// <param name="Flooding">The effective flooding mode.</param>
/// <param name="RemoteMacsRefused">Remote MACs held back from the kernel by limits.remote-macs.</param>
public sealed record EvpnVniSnapshot(
    Vni Vni,
    IPAddress LocalVtep,
    RouteDistinguisher Rd,
    bool AutoRd,
    IReadOnlyList<ImportRouteTarget> ImportRouteTargets,
    IReadOnlyList<RouteTarget> ExportRouteTargets,
    IReadOnlyList<IPAddress> RemoteVteps,
    int LocalMacs,
    int RemoteMacs,
    IPAddress? MulticastGroup = null,
    FloodingMode Flooding = FloodingMode.HeadEndReplication,
    int RemoteMacsRefused = 0);
