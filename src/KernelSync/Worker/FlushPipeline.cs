using System.Collections.Concurrent;
using Evpnd.KernelSync.Netlink;

namespace Evpnd.KernelSync;

/// <summary>
/// Sends the worker's flushes from a thread of its own, in the order they began, while the worker
/// prepares the next ones (commands applied, installs journaled): the kernel's work on one batch
/// overlaps the bookkeeping of the following ones, and a pause of the worker (a collection, a
/// table growing) does not leave the kernel idle while flushes are queued.
/// </summary>
/// <remarks>
/// Only <see cref="KernelReconciler.Transmit"/> runs on the sender; the worker ends flushes
/// (<see cref="KernelReconciler.EndFlush"/>) itself, in order. After a failed send nothing more
/// is sent: the worker sees the failure when it ends that flush.
/// </remarks>
internal sealed class FlushPipeline : IAsyncDisposable
{
    private readonly KernelReconciler _reconciler;
    private readonly BlockingCollection<Queued> _toSend = [];
    private readonly Queue<Queued> _inFlight = new();
    private readonly Task _sender;
    private int _enqueued;
    private int _sent;

    public FlushPipeline(KernelReconciler reconciler, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _reconciler = reconciler;
        Depth = depth;
        _sender = Task.Factory.StartNew(SendAll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Flushes queued or being sent at most; <see cref="EndFlushesAsync"/> waits below it.</summary>
    public int Depth { get; }

    /// <summary>True when the sender has sent everything handed to it: the kernel is waiting for us.</summary>
    public bool SenderIdle => Volatile.Read(ref _sent) == _enqueued;

    /// <summary>Completes when the oldest flush in flight has been sent; null when none is.</summary>
    public Task? OldestSent => _inFlight.TryPeek(out var oldest) ? oldest.Sent.Task : null;

    public void Enqueue(PendingFlush flush)
    {
        var queued = new Queued(flush);
        _inFlight.Enqueue(queued);
        _enqueued++;
        _toSend.Add(queued);
    }

    /// <summary>
    /// Ends the flushes already sent, oldest first, and passes their refusals to
    /// <paramref name="report"/>; waits for more first while <see cref="Depth"/> is reached, or for
    /// all of them when <paramref name="all"/>.
    /// </summary>
    public async Task EndFlushesAsync(bool all, Func<IReadOnlyList<BatchFailure>, Task> report)
    {
        while (_inFlight.TryPeek(out var oldest))
        {
            if (!oldest.Sent.Task.IsCompleted && !all && _inFlight.Count < Depth)
            {
                return;
            }

            await oldest.Sent.Task.ConfigureAwait(false);
            _inFlight.Dequeue();
            await report(_reconciler.EndFlush(oldest.Flush)).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the sender after what is queued; the sockets may be closed once this returns.</summary>
    public async ValueTask DisposeAsync()
    {
        _toSend.CompleteAdding();
        await _sender.ConfigureAwait(false);
        _toSend.Dispose();
    }

    private void SendAll()
    {
        Exception? failed = null;
        foreach (var queued in _toSend.GetConsumingEnumerable())
        {
            if (failed is not null)
            {
                // Sending later flushes after a lost one would reorder the kernel's view.
                Interlocked.Increment(ref _sent);
                queued.Sent.TrySetException(failed);
                continue;
            }

            try
            {
                _reconciler.Transmit(queued.Flush);
                Interlocked.Increment(ref _sent);
                queued.Sent.TrySetResult();
            }
            catch (Exception e)
            {
                failed = e;
                Interlocked.Increment(ref _sent);
                queued.Sent.TrySetException(e);
            }
        }
    }

    private sealed class Queued(PendingFlush flush)
    {
        public PendingFlush Flush { get; } = flush;

        // Asynchronous continuations: the worker never runs on the sender's thread.
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
