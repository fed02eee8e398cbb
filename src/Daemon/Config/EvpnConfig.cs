using System.Collections.Immutable;
using Evpnd.Evpn.Instances;

namespace Evpnd.Daemon.Config;

/// <summary>The <c>evpn:</c> section.</summary>
internal sealed record EvpnConfig
{
    /// <summary>Create an EVPN instance for every VXLAN device found in the kernel (FRR's <c>advertise-all-vni</c>).</summary>
    public bool AdvertiseAllVni { get; init; } = true;

    /// <summary>How <c>auto</c> route targets are formed.</summary>
    public RouteTargetAutoForm RtAutoForm { get; init; } = RouteTargetAutoForm.AsVni;

    /// <summary>
    /// Auto-derived import route targets match on the VNI whatever the AS (<c>*:VNI</c>), as FRR
    /// does, so that an eBGP fabric with one AS per leaf imports its neighbours' routes.
    /// </summary>
    public bool ImportWildcardAs { get; init; } = true;

    /// <summary>
    /// BUM handling of VNIs without a multicast group (FRR's <c>flooding</c>): head-end replication
    /// to every remote VTEP's type-3, or none (no flood entries, no type-3 advertised).
    /// </summary>
    public FloodingMode Flooding { get; init; } = FloodingMode.HeadEndReplication;

    public DuplicateAddressDetectionConfig Dad { get; init; } = new();

    /// <summary>Statically configured VNIs, in file order, VNI numbers unique.</summary>
    public ImmutableArray<VniConfig> Vnis { get; init; } = [];
}
