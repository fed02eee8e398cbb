using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>Operator-facing capability names for the CLI, in the spirit of FRR's `show bgp neighbors`.</summary>
internal static class CapabilityNames
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
        // Codes we do not implement but that FRR and GoBGP send (IANA "Capability Codes").
        _ => capability.Code switch
        {
            5 => "extended-next-hop",
            9 => "bgp-role",
            71 => "long-lived-graceful-restart",
            73 => "fqdn",
            75 => "software-version",
            128 => "route-refresh-old",
            var code => $"unknown-{code}",
        },
    };
}
