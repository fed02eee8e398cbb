using System.Collections.Immutable;
using System.Net;
using Evpnd.Evpn.Instances;

namespace Evpnd.Daemon.Config;

/// <summary>One EVPN instance (a layer-2 VNI) from <c>evpn.vnis</c>.</summary>
internal sealed record VniConfig
{
    /// <summary>1..16777215.</summary>
    public required uint Vni { get; init; }

    /// <summary>Source VTEP address; null until discovered from the kernel.</summary>
    public IPAddress? LocalVtep { get; init; }

    /// <summary><c>auto</c> or a route distinguisher checked by <see cref="RdRtSyntax"/> (canonical form).</summary>
    public string Rd { get; init; } = RdRtSyntax.Auto;

    /// <summary><c>auto</c>, <c>ASN:NN</c>, <c>IPv4:NN</c> or <c>*:NN</c>, checked by <see cref="RdRtSyntax"/>.</summary>
    public ImmutableArray<string> ImportRouteTargets { get; init; } = [RdRtSyntax.Auto];

    /// <summary><c>auto</c>, <c>ASN:NN</c> or <c>IPv4:NN</c>, checked by <see cref="RdRtSyntax"/>.</summary>
    public ImmutableArray<string> ExportRouteTargets { get; init; } = [RdRtSyntax.Auto];

    /// <summary>This VNI's <c>flooding</c>; null: <see cref="EvpnConfig.Flooding"/>.</summary>
    public FloodingMode? Flooding { get; init; }

    /// <summary>Static local MACs (optionally with an IP) to advertise as type-2 routes.</summary>
    public ImmutableArray<StaticMacConfig> Macs { get; init; } = [];

    /// <summary>The same configuration (lists compared item by item, in order).</summary>
    public bool SameAs(VniConfig other) =>
        this with { ImportRouteTargets = default, ExportRouteTargets = default, Macs = default } ==
            other with { ImportRouteTargets = default, ExportRouteTargets = default, Macs = default } &&
        ImportRouteTargets.SequenceEqual(other.ImportRouteTargets) &&
        ExportRouteTargets.SequenceEqual(other.ExportRouteTargets) &&
        Macs.SequenceEqual(other.Macs);
}
