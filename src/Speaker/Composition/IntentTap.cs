using System.Threading.Channels;
using Evpnd.KernelSync;

namespace Evpnd.Composition;

/// <summary>
/// The EVPN worker's requests to KernelSync, seen on their way: each batch's remote MACs and flood
/// VTEPs become the speaker's events (only while someone subscribes: nothing is read otherwise),
/// then the request goes on to the kernel worker, or, with kernel sync off, ends here.
/// Runs on the EVPN worker's thread, its only writer.
/// </summary>
internal sealed class IntentTap(ChannelWriter<KernelSyncRequest>? kernel, EvpnSpeaker speaker) : ChannelWriter<KernelSyncRequest>
{
    // Seen before it is handed on (once written, the batch is the kernel worker's to dispose); a
    // write that did not go through and is tried again is not seen twice.
    private KernelSyncRequest? _seen;

    public override bool TryComplete(Exception? error = null) => kernel?.TryComplete(error) ?? true;

    public override bool TryWrite(KernelSyncRequest item)
    {
        See(item);
        if (kernel is null)
        {
            Drop(item);
            return true;
        }
        return kernel.TryWrite(item);
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
        kernel?.WaitToWriteAsync(cancellationToken) ?? ValueTask.FromResult(true);

    public override ValueTask WriteAsync(KernelSyncRequest item, CancellationToken cancellationToken = default)
    {
        See(item);
        if (kernel is null)
        {
            Drop(item);
            return ValueTask.CompletedTask;
        }
        return kernel.WriteAsync(item, cancellationToken);
    }

    private void See(KernelSyncRequest item)
    {
        if (!ReferenceEquals(item, _seen))
        {
            _seen = item;
            speaker.RaiseRemoteChanges(item);
        }
    }

    /// <summary>Kernel sync off: the request has been seen and is done with.</summary>
    private void Drop(KernelSyncRequest item)
    {
        _seen = null;
        if (item is ApplyIntents apply)
        {
            apply.Batch.Dispose();
            apply.Programmed?.TrySetResult();
        }
    }
}
