using System.Threading.Channels;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Worker;

/// <summary>
/// The EVPN worker's requests on their way to KernelSync, in order: what the bounded channel
/// (<see cref="EvpnWorker.KernelRequestCapacity"/>) does not take yet waits here. While KernelSync
/// reads, the worker waits for it once more than <see cref="MaxIntents"/> intents wait here, so
/// that a session loss or a full table reaches the kernel at the kernel's pace instead of piling
/// up as intents (the worker's own backlog then holds the RIB, and TCP the peers). KernelSync that
/// takes nothing for <see cref="Patience"/> (no privilege and retrying, a long full reconcile) is
/// not waited for until it takes a request again: BGP keeps running, and the requests queue here.
/// </summary>
internal sealed class KernelOutbox
{
    private readonly ChannelWriter<KernelSyncRequest> _kernel;
    private readonly TimeProvider _time;
    private readonly Queue<KernelSyncRequest> _waiting = new();
    private int _waitingIntents;
    private bool _stalled;

    public KernelOutbox(ChannelWriter<KernelSyncRequest> kernel, int maxIntents, TimeSpan patience, TimeProvider time)
    {
        _kernel = kernel;
        MaxIntents = maxIntents;
        Patience = patience;
        _time = time;
    }

    public int MaxIntents { get; }

    public TimeSpan Patience { get; }

    /// <summary>Requests the channel has not taken yet.</summary>
    public int Count => _waiting.Count;

    /// <summary>Intents in those requests.</summary>
    public int Intents => _waitingIntents;

    /// <summary>KernelSync took nothing for <see cref="Patience"/> when last waited for; cleared when it takes a request.</summary>
    public bool Stalled => _stalled;

    /// <summary>Queues <paramref name="request"/> behind the others and hands on what the channel takes now.</summary>
    public void Post(KernelSyncRequest request)
    {
        _waiting.Enqueue(request);
        _waitingIntents += IntentsOf(request);
        Push();
    }

    /// <summary>Hands on, in order, what the channel takes without waiting.</summary>
    public void Push()
    {
        while (_waiting.TryPeek(out var next) && _kernel.TryWrite(next))
        {
            _waiting.Dequeue();
            _waitingIntents -= IntentsOf(next);
            _stalled = false;
        }
    }

    /// <summary>
    /// Waits while more than <paramref name="maxIntents"/> intents are queued here and KernelSync
    /// takes requests; returns at once when it is stalled.
    /// </summary>
    public async ValueTask DrainAsync(int maxIntents, CancellationToken cancellationToken)
    {
        Push();
        while (_waiting.Count > 0 && _waitingIntents > maxIntents && !_stalled)
        {
            try
            {
                await _kernel.WaitToWriteAsync(cancellationToken).AsTask().WaitAsync(Patience, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _stalled = true;
                return;
            }
            Push();
        }
    }

    /// <summary>Completes when the channel may take the next request (the worker waits on it beside its inbox when idle).</summary>
    public Task RoomAsync(CancellationToken cancellationToken) => _kernel.WaitToWriteAsync(cancellationToken).AsTask();

    private static int IntentsOf(KernelSyncRequest request) => request is ApplyIntents apply ? Math.Max(apply.Batch.Count, 1) : 1;
}
