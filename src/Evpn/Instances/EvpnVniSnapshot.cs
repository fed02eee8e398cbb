using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>One local VNI as the CLI shows it (<c>evpnd show evpn vni</c>).</summary>
public sealed record EvpnVniSnapshot(
    Vni Vni,
    IPAddress LocalVtep,
    RouteDistinguisher Rd,
    bool AutoRd,
    IReadOnlyList<ImportRouteTarget> ImportRouteTargets,
    IReadOnlyList<RouteTarget> ExportRouteTargets,
    IReadOnlyList<IPAddress> RemoteVteps,
    int LocalMacs,
    int RemoteMacs);
