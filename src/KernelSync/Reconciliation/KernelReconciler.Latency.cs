using System.Diagnostics;

namespace Evpnd.KernelSync;

/// <summary>
/// UPDATE received to kernel ACK: the queued changes carry the receive time of the intents they
/// came from as a few stamps per flush (<see cref="IntentStamp"/>), never a field per change; when
/// the flush ends, each run of installed remote MACs is reported once with its count.
/// </summary>
public sealed partial class KernelReconciler
{
    private List<IntentStamp>? _pendingStamps;

    /// <summary>
    /// Called on the owner's thread as a flush ends, once per run of remote MACs the kernel
    /// installed that followed from UPDATEs received at one time: the time from receipt to the
    /// kernel's last ACK of the flush, and how many MACs. Refused requests are not counted.
    /// </summary>
    public Action<TimeSpan, int>? RemoteMacsInstalled { get; set; }

    /// <summary>
    /// The changes queued from now on follow from UPDATEs received at <paramref name="receivedAt"/>
    /// (Stopwatch ticks; 0: from nothing received, e.g. a reconcile).
    /// </summary>
    public void MarkReceived(long receivedAt)
    {
        var stamps = _pendingStamps;
        var last = stamps is { Count: > 0 } ? stamps[^1] : default;
        if (last.ReceivedAt == receivedAt)
        {
            return;
        }

        if (stamps is { Count: > 0 } && last.Start == _pending.Count)
        {
            stamps[^1] = new IntentStamp(_pending.Count, receivedAt);
            return;
        }

        (_pendingStamps ??= []).Add(new IntentStamp(_pending.Count, receivedAt));
    }

    /// <summary>The stamps of the changes now becoming a flush; an open run goes on in the next one.</summary>
    private List<IntentStamp>? TakeStamps()
    {
        var stamps = _pendingStamps;
        _pendingStamps = null;
        if (stamps is { Count: > 0 } && stamps[^1].ReceivedAt is var open and not 0)
        {
            _pendingStamps = [new IntentStamp(0, open)];
        }

        return stamps;
    }

    private void RecordInstallLatency(PendingFlush flush, bool[]? failed)
    {
        if (RemoteMacsInstalled is not { } report || flush.Stamps is not { } stamps)
        {
            return;
        }

        var changes = flush.Changes;
        for (var s = 0; s < stamps.Count; s++)
        {
            var receivedAt = stamps[s].ReceivedAt;
            if (receivedAt == 0)
            {
                continue;
            }

            var end = s + 1 < stamps.Count ? stamps[s + 1].Start : changes.Count;
            var installed = 0;
            for (var i = stamps[s].Start; i < end; i++)
            {
                if (changes[i].Kind == PendingChangeKind.MacReplace && (failed is null || !failed[i]))
                {
                    installed++;
                }
            }

            if (installed > 0)
            {
                report(Stopwatch.GetElapsedTime(receivedAt, flush.AckedAt), installed);
            }
        }
    }
}
