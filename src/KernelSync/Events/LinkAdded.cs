namespace Evpnd.KernelSync;

/// <summary>A device appeared (or was first seen by the initial dump).</summary>
public sealed record LinkAdded(LinkRecord Link) : MonitorEvent
{
    public override MonitorEventKind Kind => MonitorEventKind.LinkAdded;
}
