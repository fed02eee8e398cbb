using System.Net;
using Evpnd.Evpn.Instances;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Worker;

/// <summary>
/// A VNI as the configuration names it: what the worker needs to serve it once it knows the
/// VTEP address (from here, or from the VNI's VXLAN device) and the device's multicast group.
/// </summary>
public sealed record ConfiguredVni(Vni Vni)
{
    /// <summary>The VTEP address; null = the VXLAN device's local address.</summary>
    public IPAddress? LocalVtep { get; init; }

    /// <summary>RD, RTs and flooding; its <see cref="LocalVni.LocalVtep"/> is replaced by the one in use.</summary>
    public LocalVni? Settings { get; init; }

    public IReadOnlyList<StaticHost> StaticHosts { get; init; } = [];
}
