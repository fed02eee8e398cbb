namespace Evpnd.KernelSync;

/// <summary>The IFLA_INFO_DATA of a "bridge" link that matters to EVPN.</summary>
public sealed record BridgeAttributes(bool VlanFiltering);
