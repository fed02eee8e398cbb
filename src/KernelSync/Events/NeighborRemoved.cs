namespace Evpnd.KernelSync;

/// <summary>An ARP/ND entry went away.</summary>
public sealed record NeighborRemoved(NeighborRecord Neighbor) : KernelEvent;
