using System.Net;

namespace Evpnd;

/// <summary>
/// One layer-2 VNI an <see cref="EvpnSpeaker"/> serves. Route distinguisher and route targets are
/// derived when not given (RD router-id:index, RT AS:VNI, imported from any AS).
/// </summary>
public sealed record EvpnVniOptions
{
    /// <summary>The VXLAN network identifier, 1..16777215.</summary>
    public required uint Vni { get; init; }

    /// <summary>This VNI's VTEP address; null: <see cref="EvpnSpeakerOptions.LocalVtep"/>, else the VXLAN device's.</summary>
    public IPAddress? LocalVtep { get; init; }

    /// <summary>The route distinguisher, "ASN:NN" or "IPv4:NN"; null: derived (router-id:index).</summary>
    public string? RouteDistinguisher { get; init; }

    /// <summary>Route targets imported ("ASN:NN", "IPv4:NN", "*:NN"); empty: AS:VNI from any AS.</summary>
    public IReadOnlyList<string> ImportRouteTargets { get; init; } = [];

    /// <summary>Route targets attached to this VNI's routes ("ASN:NN", "IPv4:NN"); empty: LocalAs:VNI.</summary>
    public IReadOnlyList<string> ExportRouteTargets { get; init; } = [];
}
