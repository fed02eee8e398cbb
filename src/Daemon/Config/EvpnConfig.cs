using System.Collections.Immutable;

namespace Evpnd.Daemon.Config;

/// <summary>The <c>evpn:</c> section.</summary>
internal sealed record EvpnConfig
{
    /// <summary>Create an EVPN instance for every VXLAN device found in the kernel (FRR's <c>advertise-all-vni</c>).</summary>
    public bool AdvertiseAllVni { get; init; } = true;

    /// <summary>How <c>auto</c> route targets are formed.</summary>
    public RouteTargetAutoForm RtAutoForm { get; init; } = RouteTargetAutoForm.Frr;

    /// <summary>
    /// Auto-derived import route targets match on the VNI whatever the AS (<c>*:VNI</c>), as FRR
    /// does, so that an eBGP fabric with one AS per leaf imports its neighbours' routes.
    /// </summary>
    public bool ImportWildcardAs { get; init; } = true;

    public DuplicateAddressDetectionConfig Dad { get; init; } = new();

    /// <summary>Statically configured VNIs, in file order, VNI numbers unique.</summary>
    public ImmutableArray<VniConfig> Vnis { get; init; } = [];
}
