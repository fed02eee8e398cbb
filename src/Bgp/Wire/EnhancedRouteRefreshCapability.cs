namespace Evpnd.Bgp.Wire;

/// <summary>Enhanced Route Refresh (RFC 7313), empty.</summary>
public sealed record EnhancedRouteRefreshCapability : Capability
{
    public static readonly EnhancedRouteRefreshCapability Instance = new();
    public override byte Code => (byte)CapabilityCode.EnhancedRouteRefresh;
}
