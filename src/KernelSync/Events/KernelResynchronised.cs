namespace Evpnd.KernelSync;

/// <summary>A full reconcile ran (start-up, grace period over, overrun, a wanted entry removed by hand).</summary>
public sealed record KernelResynchronised(string Reason, ReconcileResult Result) : KernelEvent
{
    /// <summary>Every change sent to the kernel since KernelSync started, this reconcile's included.</summary>
    public KernelChangeCounts SinceStart { get; init; }
}
