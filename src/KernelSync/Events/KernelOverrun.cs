namespace Evpnd.KernelSync;

/// <summary>
/// The listener's receive buffer overflowed (ENOBUFS): events were lost, so the consumer must
/// resynchronise its view of the FDB and neighbours in full (netlink(7)). The link table has
/// already been re-read and its differences reported before this event.
/// </summary>
public sealed record KernelOverrun : MonitorEvent
{
    public override MonitorEventKind Kind => MonitorEventKind.Overrun;
}
