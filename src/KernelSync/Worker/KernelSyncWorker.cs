using System.Threading.Channels;

namespace Evpnd.KernelSync;

/// <summary>
/// The one owner of netlink in the daemon: applies <see cref="KernelCommand"/>s from the EVPN
/// side through the <see cref="KernelReconciler"/> and publishes <see cref="KernelEvent"/>s
/// (local MACs, local neighbours, VXLAN devices, failures) back; echoes of its own neighbour
/// entries are not passed on. Commands that arrive together are programmed as
/// one batch; a full reconcile runs at start, when the grace period ends, after an overrun and
/// when an entry we want was removed by someone else.
/// </summary>
public sealed class KernelSyncWorker
{
    private static readonly TimeSpan EchoPatience = TimeSpan.FromSeconds(2);

    /// <summary>A power of two: the smallest flush sent while the kernel is idle.</summary>
    private const int MinCommandsPerFlush = 256;

    private readonly KernelSyncOptions _options;

    public KernelSyncWorker(KernelSyncOptions options)
    {
        _options = options;
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires or <paramref name="commands"/>
    /// completes (after the last commands are programmed). Netlink calls block briefly, so give
    /// the worker a thread of its own (<c>TaskCreationOptions.LongRunning</c>) in a busy host.
    /// </summary>
    public async Task RunAsync(ChannelReader<KernelCommand> commands, ChannelWriter<KernelEvent> events, CancellationToken cancellationToken)
    {
        var ns = _options.NetworkNamespace;
        // Subscribe before the first dump (netlink(7)): nothing that changes meanwhile is lost.
        using var monitor = KernelMonitor.Open(ns, _options.ReceiveBufferBytes);
        using var client = ns is null ? Netlink.RtnetlinkClient.Open() : Netlink.RtnetlinkClient.OpenInNamespace(ns);
        using var writer = ns is null ? Netlink.RtnetlinkClient.Open() : Netlink.RtnetlinkClient.OpenInNamespace(ns);
        using var reconciler = new KernelReconciler(client, new OwnershipStore(_options.StateDirectory), _options.GracePeriod, _options.TimeProvider, writer);
        // Our deletions echo back to the monitor (it must see them, for hand deletions): never
        // send faster than it reads, or a large withdrawal would overrun it and cost a full resync.
        var sends = 0;
        reconciler.BeforeSend = () =>
        {
            // SO_MEMINFO every 8 datagrams (256 requests, at most 512 notifications).
            if ((++sends & 7) == 0)
            {
                monitor.WaitForRoom(EchoPatience);
            }
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Kernel events and the worker's own signals; commands are read straight from the
        // caller's channel (one hand-off per command, not two).
        var inbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var pump = PumpAsync(monitor.ReadEventsAsync(stop.Token), inbox.Writer, stop.Token);
        using var graceTimer = _options.TimeProvider.CreateTimer(
            _ => inbox.Writer.TryWrite(WorkerSignal.GraceExpired), null, _options.GracePeriod, Timeout.InfiniteTimeSpan);

        var pipeline = new FlushPipeline(reconciler, _options.FlushesInFlight);
        try
        {
            var started = reconciler.Reconcile();
            await ReportLocalStateAsync(client, events, stop.Token).ConfigureAwait(false);
            // After the devices and hosts: "start" tells the EVPN side it now knows the kernel.
            await events.WriteAsync(new KernelResynchronised("start", started), stop.Token).ConfigureAwait(false);
            Task<bool>? commandsReady = null;
            Task<bool>? inboxReady = null;
            var finishing = false;
            while (true)
            {
                stop.Token.ThrowIfCancellationRequested();
                string? resync = null;
                var applied = 0;
                var drained = false;
                while (!drained && applied < _options.MaxCommandsPerFlush)
                {
                    // While the kernel has nothing to do, a first small flush starts it at once;
                    // the flushes grow up to the maximum while it is busy.
                    if (applied >= MinCommandsPerFlush && (applied & (MinCommandsPerFlush - 1)) == 0 && pipeline.SenderIdle)
                    {
                        break;
                    }

                    if (!commands.TryRead(out var command))
                    {
                        drained = true;
                    }
                    else if (command is DesiredStateReplaced desired)
                    {
                        reconciler.SetDesired(desired.Flood, desired.RemoteMacs, desired.Neighbors);
                        resync = "desired state replaced";
                    }
                    else
                    {
                        Apply(reconciler, command);
                        applied++;
                    }
                }

                while (inbox.Reader.TryRead(out var item))
                {
                    switch (item)
                    {
                        case KernelOverrun overrun:
                            await events.WriteAsync(overrun, stop.Token).ConfigureAwait(false);
                            resync = "overrun";
                            break;
                        case RemoteFdbRemoved removed:
                            // Only an entry the EVPN side still wants matters (removed by hand: the
                            // resync puts it back); the echoes of our own withdrawals, two per MAC,
                            // end here instead of costing the EVPN side a write each.
                            if (reconciler.IsWanted(removed.Entry))
                            {
                                await events.WriteAsync(removed, stop.Token).ConfigureAwait(false);
                                resync ??= "a wanted entry was removed";
                            }

                            break;
                        case NeighborUpdated updated when KernelReconciler.IsOwned(updated.Neighbor):
                            // Our own remote entry echoed back: not a local host to advertise.
                            break;
                        case NeighborRemoved removed when KernelReconciler.IsOwned(removed.Neighbor):
                            if (reconciler.IsWanted(removed.Neighbor))
                            {
                                resync ??= "a wanted neighbour was removed";
                            }

                            break;
                        case KernelEvent kernelEvent:
                            await events.WriteAsync(kernelEvent, stop.Token).ConfigureAwait(false);
                            break;
                        case WorkerSignal signal when signal == WorkerSignal.GraceExpired:
                            resync ??= "grace period over";
                            break;
                        case Exception failure:
                            throw new InvalidOperationException("KernelSync input failed.", failure);
                    }
                }

                // Sent by the pipeline while the next commands are applied; ended here, in order.
                if (reconciler.BeginFlush() is { } next)
                {
                    pipeline.Enqueue(next);
                }

                // A reconcile, or the end, needs everything sent and judged first.
                await pipeline.EndFlushesAsync(all: resync is not null || finishing, failures => ReportAsync(failures, events, stop.Token)).ConfigureAwait(false);

                if (resync is not null)
                {
                    var result = reconciler.Reconcile();
                    await events.WriteAsync(new KernelResynchronised(resync, result), stop.Token).ConfigureAwait(false);
                    if (resync == "overrun")
                    {
                        // Lost events may have been local MACs or neighbours: report what is there now.
                        await ReportLocalStateAsync(client, events, stop.Token).ConfigureAwait(false);
                    }
                    foreach (var failure in result.Failures)
                    {
                        await events.WriteAsync(new ProgrammingFailed(failure), stop.Token).ConfigureAwait(false);
                    }
                }

                if (finishing)
                {
                    break;
                }

                if (!drained)
                {
                    continue;
                }

                // Nothing left to read: wait for a command or an event, whichever comes first.
                commandsReady ??= commands.WaitToReadAsync(stop.Token).AsTask();
                inboxReady ??= inbox.Reader.WaitToReadAsync(stop.Token).AsTask();
                await Task.WhenAny(commandsReady, inboxReady, pipeline.OldestSent ?? commandsReady).ConfigureAwait(false);
                if (inboxReady.IsCompleted)
                {
                    await inboxReady.ConfigureAwait(false);
                    inboxReady = null;
                }

                if (commandsReady.IsCompleted)
                {
                    bool more;
                    try
                    {
                        more = await commandsReady.ConfigureAwait(false);
                    }
                    catch (Exception failure) when (failure is not OperationCanceledException)
                    {
                        throw new InvalidOperationException("KernelSync input failed.", failure);
                    }

                    commandsReady = null;
                    // Completed: one last pass handles the events already in, then the worker stops.
                    finishing = !more;
                }
            }
        }
        finally
        {
            stop.Cancel();
            await pump.ConfigureAwait(false);
            // The writer socket is closed on the way out: not under a send.
            await pipeline.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task ReportAsync(IReadOnlyList<Netlink.BatchFailure> failures, ChannelWriter<KernelEvent> events, CancellationToken cancellationToken)
    {
        foreach (var failure in failures)
        {
            await events.WriteAsync(new ProgrammingFailed(failure), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reports the local MACs and neighbours the kernel already holds, as if just learned: the
    /// event stream only tells of changes, and hosts behind the bridge were learned before we
    /// started (or during an overrun). Dumps each bridge port alone, so that a large VXLAN FDB
    /// is not walked.
    /// </summary>
    private static async Task ReportLocalStateAsync(Netlink.RtnetlinkClient client, ChannelWriter<KernelEvent> events, CancellationToken cancellationToken)
    {
        var links = client.DumpLinks();
        // The devices first: a MAC means nothing to the EVPN side until it knows the bridge's VNI
        // (the monitor reports the same links too; a link reported twice changes nothing).
        foreach (var link in links)
        {
            await events.WriteAsync(new LinkAdded(link), cancellationToken).ConfigureAwait(false);
        }
        var bridges = links.Where(l => l.IsBridge).Select(l => l.Ifindex).ToHashSet();
        foreach (var port in links.Where(l => !l.IsVxlan && bridges.Contains(l.MasterIfindex)))
        {
            foreach (var record in client.DumpFdb(deviceIfindex: port.Ifindex))
            {
                if (KernelMonitor.Classify(record, deleted: false, onVxlanDevice: false) is LocalMacLearned learned)
                {
                    await events.WriteAsync(learned, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        foreach (var bridge in bridges)
        {
            foreach (var neighbor in client.DumpNeighbors(bridge))
            {
                if (!KernelReconciler.IsOwned(neighbor))
                {
                    await events.WriteAsync(new NeighborUpdated(neighbor), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static void Apply(KernelReconciler reconciler, KernelCommand command)
    {
        switch (command)
        {
            case FloodEntryWanted c:
                reconciler.AddFloodEntry(c.Entry);
                break;
            case FloodEntryWithdrawn c:
                reconciler.RemoveFloodEntry(c.Entry);
                break;
            case RemoteMacWanted c:
                reconciler.UpsertRemoteMac(c.Entry);
                break;
            case RemoteMacWithdrawn c:
                reconciler.WithdrawRemoteMac(c.Entry);
                break;
            case NeighborWanted c:
                reconciler.UpsertNeighbor(c.Entry);
                break;
            case NeighborWithdrawn c:
                reconciler.WithdrawNeighbor(c.Entry);
                break;
        }
    }

    /// <summary>Moves items from a source into the worker's inbox; a failure is posted as an item.</summary>
    private static async Task PumpAsync<T>(IAsyncEnumerable<T> source, ChannelWriter<object> inbox, CancellationToken cancellationToken)
        where T : notnull
    {
        try
        {
            await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                inbox.TryWrite(item);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            inbox.TryWrite(e);
        }
    }
}
