using Evpnd.KernelSync.Netlink;

namespace Evpnd.KernelSync;

/// <summary>
/// The deltas of one flush between <see cref="KernelReconciler.BeginFlush"/> and
/// <see cref="KernelReconciler.EndFlush"/>: journaled, then sent, then judged by the kernel's answers.
/// </summary>
public sealed class PendingFlush
{
    internal PendingFlush(List<PendingChange> changes)
    {
        Changes = changes;
    }

    /// <summary>Requests in this flush.</summary>
    public int Count => Changes.Count;

    internal List<PendingChange> Changes { get; }

    /// <summary>Where the changes that follow from received UPDATEs start (<see cref="IntentStamp"/>); null when none do.</summary>
    internal List<IntentStamp>? Stamps { get; init; }

    /// <summary>When the kernel had answered every request (Stopwatch ticks), set by <see cref="KernelReconciler.Transmit"/>.</summary>
    internal long AckedAt { get; set; }

    /// <summary>Set by <see cref="KernelReconciler.Transmit"/>; null until then.</summary>
    internal IReadOnlyList<BatchFailure>? Failures { get; set; }
}
