namespace Evpnd.KernelSync;

/// <summary>A batch of intents to apply in order; the worker disposes the batch once applied.</summary>
public sealed record ApplyIntents(DataplaneIntentBatch Batch) : KernelSyncRequest
{
    public override KernelSyncRequestKind Kind => KernelSyncRequestKind.ApplyIntents;
}
