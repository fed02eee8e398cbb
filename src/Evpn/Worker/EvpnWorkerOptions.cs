using Evpnd.Evpn.Instances;

namespace Evpnd.Evpn.Worker;

/// <summary>Settings of <see cref="EvpnWorker"/>.</summary>
public sealed record EvpnWorkerOptions
{
    public required EvpnEngineOptions Engine { get; init; }

    public IReadOnlyList<ConfiguredVni> Vnis { get; init; } = [];

    /// <summary>Serve every VNI a VXLAN device carries, configured or not (FRR's <c>advertise-all-vni</c>).</summary>
    public bool AdvertiseAllVni { get; init; }

    /// <summary>Intents or originations held before they are handed on in the middle of a burst.</summary>
    public int MaxPending { get; init; } = 4096;

    /// <summary>Logged once when the kernel refuses us for lack of privilege (EPERM/EACCES).</summary>
    public string MissingPrivilege { get; init; } = "kernel: not permitted to program VXLAN forwarding entries; run evpnd as root or with CAP_NET_ADMIN";
}
