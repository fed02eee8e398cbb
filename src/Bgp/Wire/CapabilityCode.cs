namespace Evpnd.Bgp.Wire;

/// <summary>Capability codes (IANA "Capability Codes").</summary>
public enum CapabilityCode : byte
{
    Multiprotocol = 1,
    RouteRefresh = 2,
    ExtendedMessage = 6,
    GracefulRestart = 64,
    FourOctetAs = 65,
    AddPath = 69,
    EnhancedRouteRefresh = 70,
}
