using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>Operator-facing capability names for the CLI, in the spirit of FRR's `show bgp neighbors`.</summary>
public static class CapabilityNames
{
    public static string Name(Capability capability) => capability switch
    {
        MultiprotocolCapability mp => $"multiprotocol({mp.Family})",
        RouteRefreshCapability => "route-refresh",
        EnhancedRouteRefreshCapability => "enhanced-route-refresh",
        ExtendedMessageCapability => "extended-message",
        FourOctetAsCapability => "4-octet-as",
        GracefulRestartCapability => "graceful-restart",
        AddPathCapability => "add-path",
        _ => $"unknown-{capability.Code}",
    };
}
