namespace Evpnd.KernelSync;

/// <summary>An ARP/ND entry appeared or changed (e.g. a host's IP on the SVI: a MAC+IP candidate).</summary>
public sealed record NeighborUpdated(NeighborRecord Neighbor) : MonitorEvent
{
    public override MonitorEventKind Kind => MonitorEventKind.NeighborUpdated;
}
