namespace Evpnd.KernelSync;

/// <summary>A VXLAN device evpnd does not program (a single VXLAN device: external, vnifilter), reported once when seen, with why and what to do.</summary>
public sealed record VxlanDeviceUnsupported(string Device, string Reason) : KernelEvent;
