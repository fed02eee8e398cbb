namespace Evpnd.KernelSync;

/// <summary>
/// An entry on a VXLAN device (or its bridge-port half) was removed, by us or by hand: the
/// reconciler checks whether it should be put back.
/// </summary>
public sealed record RemoteFdbRemoved(FdbRecord Entry) : KernelEvent;
