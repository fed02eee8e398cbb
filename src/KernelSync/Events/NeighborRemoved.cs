namespace Evpnd.KernelSync;

/// <summary>An ARP/ND entry went away.</summary>
public sealed record NeighborRemoved(NeighborRecord Neighbor) : MonitorEvent
{
    public override MonitorEventKind Kind => MonitorEventKind.NeighborRemoved;
}
