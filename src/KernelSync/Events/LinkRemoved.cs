namespace Evpnd.KernelSync;

/// <summary>A device disappeared.</summary>
public sealed record LinkRemoved(LinkRecord Link) : MonitorEvent
{
    public override MonitorEventKind Kind => MonitorEventKind.LinkRemoved;
}
