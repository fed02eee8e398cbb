namespace Evpnd.KernelSync;

/// <summary>
/// What <see cref="KernelMonitor"/> reports, and so what the KernelSync worker hears from the
/// kernel: exactly these kinds. Handlers switch over <see cref="Kind"/> with a switch expression
/// without a discard arm, so that a new kind is a compile error (CS8509) wherever it is not
/// handled yet.
/// </summary>
public abstract record MonitorEvent : KernelEvent
{
    private protected MonitorEvent()
    {
    }

    public abstract MonitorEventKind Kind { get; }
}

/// <summary>The kinds of <see cref="MonitorEvent"/>, one per record.</summary>
public enum MonitorEventKind
{
    LinkUpdated,
    LinkRemoved,
    Overrun,
    RemoteFdbRemovals,
    LocalMacLearned,
    LocalMacAged,
    NeighborUpdated,
    NeighborRemoved,
}
