namespace Evpnd.KernelSync;

/// <summary>A local host MAC aged out or was removed from the VNI's bridge.</summary>
public sealed record LocalMacGone(Vni Vni, MacAddress Mac) : KernelEvent;
