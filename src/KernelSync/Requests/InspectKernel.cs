namespace Evpnd.KernelSync;

/// <summary>
/// A read-only question for the worker (`evpnd show kernel`): what it owns in the kernel and where
/// that differs from what the EVPN side wants. Answered on the worker's loop, after the intents
/// posted before it were applied, through <see cref="Result"/>.
/// </summary>
/// <param name="Vni">Only this VNI; null for all.</param>
/// <param name="WithEntries">List every wanted or owned entry, not only the differences.</param>
/// <param name="CountsOnly">Only the owned and wanted counts (a metrics scrape): the VXLAN FDB is not dumped and no drift is computed.</param>
public sealed record InspectKernel(Vni? Vni, bool WithEntries, bool CountsOnly = false) : KernelSyncRequest
{
    /// <summary>Completed by the worker with the answer; asynchronous continuations, so that the caller never runs on the worker.</summary>
    public TaskCompletionSource<KernelInspection> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override KernelSyncRequestKind Kind => KernelSyncRequestKind.Inspect;
}
