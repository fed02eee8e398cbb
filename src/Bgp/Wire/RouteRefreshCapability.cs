namespace Evpnd.Bgp.Wire;

/// <summary>Route Refresh (RFC 2918), empty.</summary>
public sealed record RouteRefreshCapability : Capability
{
    public static readonly RouteRefreshCapability Instance = new();
    public override byte Code => (byte)CapabilityCode.RouteRefresh;
}
