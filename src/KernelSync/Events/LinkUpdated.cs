namespace Evpnd.KernelSync;

/// <summary>
/// A device as the kernel reports it now (RTM_NEWLINK): it appeared, changed, or was in the
/// initial dump. The KernelSync worker's <see cref="VniTable"/> is the one table of links: it
/// tells a new device from a changed one, and whether anything that matters changed.
/// </summary>
public sealed record LinkUpdated(LinkRecord Link) : MonitorEvent
{
    public override MonitorEventKind Kind => MonitorEventKind.LinkUpdated;
}
