namespace Evpnd.KernelSync;

/// <summary>A batch of intents to apply in order; the worker disposes the batch once applied.</summary>
public sealed record ApplyIntents(DataplaneIntentBatch Batch) : KernelSyncRequest
{
    /// <summary>
    /// When set, completed once the kernel has answered for this batch and everything before it
    /// (a benchmark's or a test's end marker; the daemon leaves it null and keeps flushes pipelined).
    /// </summary>
    public TaskCompletionSource? Programmed { get; init; }

    public override KernelSyncRequestKind Kind => KernelSyncRequestKind.ApplyIntents;
}
