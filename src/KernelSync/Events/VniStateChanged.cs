namespace Evpnd.KernelSync;

/// <summary>A VNI's device appeared, changed (up/down, bridge, VTEP, group) or went away (<paramref name="State"/> null).</summary>
public sealed record VniStateChanged(Vni Vni, VniState? State) : KernelEvent;
