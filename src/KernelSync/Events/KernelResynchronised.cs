namespace Evpnd.KernelSync;

/// <summary>A full reconcile ran (start-up, grace period over, overrun, a wanted entry removed by hand).</summary>
public sealed record KernelResynchronised(string Reason, ReconcileResult Result) : KernelEvent;
