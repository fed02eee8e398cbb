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

    /// <summary>
    /// Best-path changes handed over by the RIB and not imported yet at which the RIB waits
    /// (<see cref="EvpnWorker.WaitForRoom"/>); it goes on once half of them are imported.
    /// </summary>
    public int MaxBestPathBacklog { get; init; } = 8192;

    /// <summary>
    /// Intents waiting in the worker for KernelSync (beyond what its channel holds) at which the
    /// worker waits for KernelSync to take some.
    /// </summary>
    public int MaxKernelBacklog { get; init; } = 8192;

    /// <summary>
    /// How long the worker waits for KernelSync to take a request before it takes KernelSync for
    /// stalled (no privilege, retrying) and goes on queueing, so that BGP keeps running.
    /// </summary>
    public TimeSpan KernelPatience { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Logged once when the kernel refuses us for lack of privilege (EPERM/EACCES).</summary>
    public string MissingPrivilege { get; init; } = "kernel: not permitted to program VXLAN forwarding entries; run evpnd as root or with CAP_NET_ADMIN";
}
