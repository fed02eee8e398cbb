using System.Threading.Channels;

namespace Evpnd.KernelSync;

/// <summary>
/// The one owner of netlink in the daemon: applies the EVPN side's VNI-keyed
/// <see cref="KernelSyncRequest"/>s through the <see cref="KernelReconciler"/> on the devices its
/// <see cref="VniTable"/> resolves, and publishes VNI-keyed <see cref="KernelEvent"/>s back:
/// <see cref="VniStateChanged"/>, <see cref="LocalMacSeen"/>/<see cref="LocalMacGone"/>,
/// <see cref="LocalNeighborSeen"/>/<see cref="LocalNeighborGone"/>, failures and resyncs. Echoes
/// of its own entries are not passed on. Intents that arrive together are programmed as one
/// batch; a full reconcile runs at start, when the desired state is complete or the grace period
/// ends, after an overrun, when a VNI's device appears, comes back, moves or is re-created, and
/// when an entry we want was removed by someone else.
/// </summary>
public sealed class KernelSyncWorker
{
    private static readonly TimeSpan EchoPatience = TimeSpan.FromSeconds(2);

    /// <summary>The resync reason after lost events: hosts are read again too, and our MACs looked up.</summary>
    private const string Overrun = "overrun";

    /// <summary>A VNI's entries belong on another device: its FDB is read back.</summary>
    private const string DeviceChanged = "a VNI's device changed";

    /// <summary>
    /// After a start from the record, its MACs are looked up this many at a time, one batch per
    /// <see cref="VerifyPace"/> while nothing else is to do: about a fifth of a core of kernel
    /// time (a lookup costs ~20 µs), a million MACs in minutes, never in the way of programming.
    /// </summary>
    private const int VerifyBatch = 256;

    private static readonly TimeSpan VerifyPace = TimeSpan.FromMilliseconds(50);

    /// <summary>A power of two: the smallest flush sent while the kernel is idle.</summary>
    private const int MinCommandsPerFlush = 256;

    private readonly KernelSyncOptions _options;
    private readonly HashSet<int> _reportedDevices = [];

    public KernelSyncWorker(KernelSyncOptions options)
    {
        _options = options;
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires or <paramref name="requests"/>
    /// completes (after the last intents are programmed). Netlink calls block briefly, so give
    /// the worker a thread of its own (<c>TaskCreationOptions.LongRunning</c>) in a busy host.
    /// </summary>
    public async Task RunAsync(ChannelReader<KernelSyncRequest> requests, ChannelWriter<KernelEvent> events, CancellationToken cancellationToken)
    {
        var ns = _options.NetworkNamespace;
        // Subscribe before the first dump (netlink(7)): nothing that changes meanwhile is lost.
        using var monitor = KernelMonitor.Open(ns, _options.ReceiveBufferBytes);
        using var client = ns is null ? Netlink.RtnetlinkClient.Open() : Netlink.RtnetlinkClient.OpenInNamespace(ns);
        using var writer = ns is null ? Netlink.RtnetlinkClient.Open() : Netlink.RtnetlinkClient.OpenInNamespace(ns);
        // The link table: this dump, then the monitor's link events in order (its own first dump
        // repeats these links, which changes nothing).
        var vnis = VniTable.Of(client.DumpLinks());
        // The VNIs first, before the record is read (a million lines take seconds): a MAC means
        // nothing to the EVPN side until it knows its VNI, and knowing it lets the EVPN side turn
        // a restarted RIB's routes into intents while the record loads. Intents wait in the
        // channel until the start is done; the hosts and "start" come after the reconcile.
        foreach (var state in vnis.Vnis)
        {
            await events.WriteAsync(new VniStateChanged(state.Vni, state), cancellationToken).ConfigureAwait(false);
        }

        await ReportDevicesAsync(vnis, events, cancellationToken).ConfigureAwait(false);
        var store = new OwnershipStore(_options.StateDirectory);
        using var reconciler = new KernelReconciler(client, store, vnis, _options.GracePeriod, _options.TimeProvider, writer)
        {
            RemoteMacsInstalled = _options.RemoteMacsInstalled,
        };
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
        // Kernel events and the worker's own signals; requests are read straight from the
        // caller's channel (one hand-off per batch, not two).
        var inbox = Channel.CreateUnbounded<WorkerInput>(new UnboundedChannelOptions { SingleReader = true });
        var pump = PumpAsync(monitor.ReadEventsAsync(stop.Token), inbox.Writer, stop.Token);
        using var graceTimer = _options.TimeProvider.CreateTimer(
            _ => inbox.Writer.TryWrite(WorkerInput.GraceExpired), null, _options.GracePeriod, Timeout.InfiniteTimeSpan);

        var pipeline = new FlushPipeline(reconciler, _options.FlushesInFlight);
        try
        {
            if (store.SetAsidePath is { } aside)
            {
                await events.WriteAsync(new OwnershipRecordDamaged(store.DamagedLines, aside), stop.Token).ConfigureAwait(false);
            }

            var started = reconciler.ReconcileAtStart();
            await ReportHostsAsync(client, vnis, vnis.Vnis.Where(v => v.Usable), events, stop.Token).ConfigureAwait(false);
            // After the VNIs and hosts: "start" tells the EVPN side it now knows the kernel.
            await events.WriteAsync(new KernelResynchronised("start", started), stop.Token).ConfigureAwait(false);
            Task<bool>? requestsReady = null;
            Task<bool>? inboxReady = null;
            var finishing = false;
            var desiredComplete = false;
            var acknowledgements = new List<TaskCompletionSource>();
            var inspections = new List<InspectKernel>();
            var repairs = new List<RemoteFdbRemovals>();
            Task? verifyTick = null;
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
                    if (applied >= MinCommandsPerFlush && pipeline.SenderIdle)
                    {
                        break;
                    }

                    if (!requests.TryRead(out var request))
                    {
                        drained = true;
                        continue;
                    }

                    // No discard arm: a new kind of request is a compile error here (CS8509).
                    applied += request.Kind switch
                    {
                        KernelSyncRequestKind.ApplyIntents => Apply(reconciler, (ApplyIntents)request, acknowledgements),
                        KernelSyncRequestKind.DesiredStateComplete => Complete(reconciler, ref desiredComplete, ref resync),
                        KernelSyncRequestKind.Inspect => Queue((InspectKernel)request, inspections),
                    };
                }

                var usable = new List<VniState>();
                while (inbox.Reader.TryRead(out var input))
                {
                    // No discard arm: a new kind of input is a compile error here (CS8509).
                    var reason = input.Kind switch
                    {
                        WorkerInputKind.Kernel => await OnKernelEventAsync(input.Event!, vnis, reconciler, usable, repairs, events, stop.Token).ConfigureAwait(false),
                        WorkerInputKind.GraceExpired => desiredComplete ? null : "grace period over",
                        WorkerInputKind.MonitorFailed => throw new InvalidOperationException("KernelSync input failed.", input.Failure),
                    };
                    // An overrun's full resync (hosts re-read too) outranks any other reason.
                    resync = reason == Overrun ? reason : resync ?? reason;
                }

                if (repairs.Count > 0)
                {
                    // Wanted entries someone else removed go back, alone. The link table first: a
                    // device being deleted takes its entries with it, and their removals come
                    // before its RTM_DELLINK (its deletion holds the lock our dump waits for).
                    var placement = await ApplyVniChangesAsync(vnis.Replace(client.DumpLinks()), vnis, usable, events, stop.Token).ConfigureAwait(false);
                    resync = resync == Overrun ? resync : placement ?? resync;
                    foreach (var removals in repairs)
                    {
                        reconciler.Reinstall(removals.Entries.Span);
                        removals.Release();
                    }

                    repairs.Clear();
                }

                // Sent by the pipeline while the next intents are applied; ended here, in order.
                if (reconciler.BeginFlush() is { } next)
                {
                    pipeline.Enqueue(next);
                }

                // A reconcile, or the end, needs everything sent and judged first.
                await pipeline.EndFlushesAsync(all: resync is not null || finishing || acknowledgements.Count > 0, failures => ReportAsync(failures, events, stop.Token)).ConfigureAwait(false);
                foreach (var programmed in acknowledgements)
                {
                    programmed.TrySetResult();
                }

                acknowledgements.Clear();
                // Read-only: answered here, between flushes, with what is still in flight as pending.
                foreach (var inspection in inspections)
                {
                    Answer(reconciler, inspection);
                }

                inspections.Clear();

                if (resync is not null)
                {
                    // The link table as the kernel has it now: a device being deleted takes its
                    // entries with it, and must not be written to while its removal is still queued.
                    await ApplyVniChangesAsync(vnis.Replace(client.DumpLinks()), vnis, usable, events, stop.Token).ConfigureAwait(false);
                    // Only a device that changed makes the kernel's FDB worth reading back (a
                    // device that came back or was re-created holds few entries, and its dump
                    // costs the square of its table: ReconcileFromRecord). After lost events the
                    // recorded MACs are looked up one by one, in the background.
                    var result = resync switch
                    {
                        DeviceChanged => reconciler.Reconcile(),
                        Overrun => reconciler.ReconcileAfterLostEvents(),
                        _ => reconciler.ReconcileFromRecord(),
                    };
                    await events.WriteAsync(new KernelResynchronised(resync, result) { SinceStart = reconciler.SentSinceStart }, stop.Token).ConfigureAwait(false);
                    await ReportAsync(result.Failures, events, stop.Token).ConfigureAwait(false);
                }

                if (resync == Overrun)
                {
                    // Lost events may have been local MACs or neighbours: report what is there now.
                    await ReportHostsAsync(client, vnis, vnis.Vnis.Where(v => v.Usable), events, stop.Token).ConfigureAwait(false);
                }
                else if (usable.Count > 0)
                {
                    // A VNI that came back: the bridge does not announce the hosts it already
                    // holds (zebra reads them again on up, master change and VLAN change too).
                    await ReportHostsAsync(client, vnis, usable, events, stop.Token).ConfigureAwait(false);
                }

                if (finishing)
                {
                    break;
                }

                if (!drained)
                {
                    continue;
                }

                if (verifyTick is { IsCompleted: true })
                {
                    verifyTick = null;
                    if (reconciler.VerifyRecorded(VerifyBatch) > 0)
                    {
                        // Found missing: programmed by the next pass.
                        continue;
                    }
                }

                // Nothing left to read: wait for a request or an event, whichever comes first
                // (or, once the start has converged, the next look at what the record holds).
                requestsReady ??= requests.WaitToReadAsync(stop.Token).AsTask();
                inboxReady ??= inbox.Reader.WaitToReadAsync(stop.Token).AsTask();
                if (verifyTick is null && reconciler.UnverifiedMacs > 0 && reconciler.GraceOver)
                {
                    verifyTick = Task.Delay(VerifyPace, TimeProvider.System, stop.Token);
                }

                await Task.WhenAny(requestsReady, inboxReady, pipeline.OldestSent ?? requestsReady, verifyTick ?? requestsReady).ConfigureAwait(false);
                if (inboxReady.IsCompleted)
                {
                    await inboxReady.ConfigureAwait(false);
                    inboxReady = null;
                }

                if (requestsReady.IsCompleted)
                {
                    bool more;
                    try
                    {
                        more = await requestsReady.ConfigureAwait(false);
                    }
                    catch (Exception failure) when (failure is not OperationCanceledException)
                    {
                        throw new InvalidOperationException("KernelSync input failed.", failure);
                    }

                    requestsReady = null;
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

    /// <summary>
    /// What one kernel event means: published to the EVPN side (VNI-keyed), ignored (the echo of
    /// our own entries), a wanted entry to put back, or a reason to reconcile.
    /// </summary>
    private async ValueTask<string?> OnKernelEventAsync(MonitorEvent kernelEvent, VniTable vnis, KernelReconciler reconciler, List<VniState> usable, List<RemoteFdbRemovals> repairs, ChannelWriter<KernelEvent> events, CancellationToken cancellationToken)
    {
        // No discard arm: a new kind of event is a compile error here (CS8509).
        return kernelEvent.Kind switch
        {
            MonitorEventKind.LinkUpdated or MonitorEventKind.LinkRemoved =>
                await ApplyVniChangesAsync(vnis.Apply(kernelEvent), vnis, usable, events, cancellationToken).ConfigureAwait(false),
            MonitorEventKind.Overrun => await PublishAsync(kernelEvent, Overrun, events, cancellationToken).ConfigureAwait(false),
            // Only an entry the EVPN side still wants matters (removed by hand: it is queued
            // again, alone); the echoes of our own withdrawals, two per MAC, and the entries a
            // deleted device takes with it end here.
            MonitorEventKind.RemoteFdbRemovals => Stash((RemoteFdbRemovals)kernelEvent, reconciler, repairs),
            MonitorEventKind.LocalMacLearned => (LocalMacLearned)kernelEvent switch
            {
                var learned when vnis.TryGetUsableByBridge(learned.BridgeIfindex, out var state) =>
                    await PublishAsync(new LocalMacSeen(state.Vni, learned.Mac, learned.Static), null, events, cancellationToken).ConfigureAwait(false),
                _ => null,
            },
            MonitorEventKind.LocalMacAged => (LocalMacAged)kernelEvent switch
            {
                var aged when vnis.TryGetUsableByBridge(aged.BridgeIfindex, out var state) =>
                    await PublishAsync(new LocalMacGone(state.Vni, aged.Mac), null, events, cancellationToken).ConfigureAwait(false),
                _ => null,
            },
            MonitorEventKind.NeighborUpdated => ((NeighborUpdated)kernelEvent).Neighbor switch
            {
                // Our own remote entry echoed back: not a local host to advertise.
                var neighbor when KernelReconciler.IsOwned(neighbor) => null,
                var neighbor when vnis.TryGetUsableByBridge(neighbor.Ifindex, out var state) =>
                    await PublishAsync(LocalNeighbor(state.Vni, neighbor), null, events, cancellationToken).ConfigureAwait(false),
                _ => null,
            },
            MonitorEventKind.NeighborRemoved => ((NeighborRemoved)kernelEvent).Neighbor switch
            {
                var neighbor when KernelReconciler.IsOwned(neighbor) => reconciler.IsWanted(neighbor) ? "a wanted neighbour was removed" : null,
                var neighbor when vnis.TryGetUsableByBridge(neighbor.Ifindex, out var state) =>
                    await PublishAsync(new LocalNeighborGone(state.Vni, neighbor.Address), null, events, cancellationToken).ConfigureAwait(false),
                _ => null,
            },
        };
    }

    private static string? Stash(RemoteFdbRemovals removals, KernelReconciler reconciler, List<RemoteFdbRemovals> repairs)
    {
        if (reconciler.AnyWanted(removals.Entries.Span))
        {
            repairs.Add(removals);
        }
        else
        {
            removals.Release();
        }

        return null;
    }

    private static async ValueTask<string?> PublishAsync(KernelEvent kernelEvent, string? reason, ChannelWriter<KernelEvent> events, CancellationToken cancellationToken)
    {
        await events.WriteAsync(kernelEvent, cancellationToken).ConfigureAwait(false);
        return reason;
    }

    /// <summary>
    /// Reports VNIs that changed and collects those that became usable (their hosts are read
    /// again); returns a resync reason when a VNI's entries now belong elsewhere.
    /// </summary>
    private async Task<string?> ApplyVniChangesAsync(List<VniChange> changes, VniTable vnis, List<VniState> usable, ChannelWriter<KernelEvent> events, CancellationToken cancellationToken)
    {
        string? resync = null;
        foreach (var change in changes)
        {
            await events.WriteAsync(new VniStateChanged(change.Vni, change.After), cancellationToken).ConfigureAwait(false);
            if (change.PlacementChanged)
            {
                // Its entries belong on another device now, or back on this one.
                resync ??= DeviceChanged;
            }

            if (change.BecameUsable)
            {
                usable.Add(change.After!);
            }
        }

        await ReportDevicesAsync(vnis, events, cancellationToken).ConfigureAwait(false);
        return resync;
    }

    private static int Apply(KernelReconciler reconciler, ApplyIntents request, List<TaskCompletionSource> acknowledgements)
    {
        using var batch = request.Batch;
        var items = batch.Items;
        var stamps = batch.Stamps;
        var next = 0;
        for (var i = 0; i < items.Length; i++)
        {
            for (; next < stamps.Count && stamps[next].Start == i; next++)
            {
                reconciler.MarkReceived(stamps[next].ReceivedAt);
            }

            reconciler.Apply(in items[i]);
        }

        // What is queued after this batch (a reconcile, a batch without stamps) was received by nobody.
        reconciler.MarkReceived(0);

        if (request.Programmed is { } programmed)
        {
            acknowledgements.Add(programmed);
        }

        return batch.Count;
    }

    private static int Queue(InspectKernel request, List<InspectKernel> inspections)
    {
        inspections.Add(request);
        return 0;
    }

    private static void Answer(KernelReconciler reconciler, InspectKernel request)
    {
        try
        {
            request.Result.TrySetResult(reconciler.Inspect(request.Vni, request.WithEntries, request.CountsOnly));
        }
        catch (Exception e) when (e is Netlink.NetlinkException or Netlink.NetlinkDumpInterruptedException or IOException)
        {
            request.Result.TrySetException(e);
        }
    }

    /// <summary>Owned entries nobody wants go now, not when the grace timer fires.</summary>
    private static int Complete(KernelReconciler reconciler, ref bool desiredComplete, ref string? resync)
    {
        reconciler.EndGrace();
        desiredComplete = true;
        resync = "desired state complete";
        return 0;
    }

    private static async Task ReportAsync(IReadOnlyList<Netlink.BatchFailure> failures, ChannelWriter<KernelEvent> events, CancellationToken cancellationToken)
    {
        foreach (var failed in ProgrammingFailed.Summarise(failures))
        {
            await events.WriteAsync(failed, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Single VXLAN devices seen for the first time: one line each, never ignored silently.</summary>
    private async Task ReportDevicesAsync(VniTable vnis, ChannelWriter<KernelEvent> events, CancellationToken cancellationToken)
    {
        foreach (var (ifindex, reason) in vnis.UnsupportedDevices)
        {
            if (_reportedDevices.Add(ifindex))
            {
                await events.WriteAsync(new VxlanDeviceUnsupported(vnis.NameOf(ifindex), reason), cancellationToken).ConfigureAwait(false);
            }
        }

        _reportedDevices.IntersectWith(vnis.UnsupportedDevices.Keys);
    }

    /// <summary>
    /// Reports the local MACs and neighbours the kernel already holds on the bridges of
    /// <paramref name="usable"/>, as if just learned: the event stream only tells of changes, and
    /// hosts behind a bridge were learned before we started, during an overrun, or while the VNI
    /// was down or out of its bridge. Dumps each bridge port alone, so that a large VXLAN FDB is
    /// not walked.
    /// </summary>
    private static async Task ReportHostsAsync(Netlink.RtnetlinkClient client, VniTable vnis, IEnumerable<VniState> usable, ChannelWriter<KernelEvent> events, CancellationToken cancellationToken)
    {
        foreach (var state in usable.ToList())
        {
            foreach (var port in vnis.Links.Values.Where(l => !l.IsVxlan && l.MasterIfindex == state.BridgeIfindex).ToList())
            {
                foreach (var record in client.DumpFdb(deviceIfindex: port.Ifindex))
                {
                    if (KernelMonitor.Classify(record, deleted: false) is LocalMacLearned learned)
                    {
                        await events.WriteAsync(new LocalMacSeen(state.Vni, learned.Mac, learned.Static), cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            foreach (var neighbor in client.DumpNeighbors(state.BridgeIfindex))
            {
                if (!KernelReconciler.IsOwned(neighbor) && IsHost(neighbor))
                {
                    await events.WriteAsync(LocalNeighbor(state.Vni, neighbor), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>A neighbour on a VNI's bridge as the EVPN side needs it: seen while it names a host, gone otherwise.</summary>
    private static KernelEvent LocalNeighbor(Vni vni, NeighborRecord neighbor) =>
        IsHost(neighbor) && neighbor.Mac is { } mac
            ? new LocalNeighborSeen(vni, neighbor.Address, mac, (neighbor.Flags & NeighborFlags.Router) != 0)
            : new LocalNeighborGone(vni, neighbor.Address);

    private static bool IsHost(NeighborRecord neighbor) =>
        // NOARP entries are the SVI's multicast mappings, not hosts; FAILED/INCOMPLETE have no MAC to trust.
        neighbor.Mac is not null
        && (neighbor.State & (NeighborStates.Reachable | NeighborStates.Stale | NeighborStates.Delay | NeighborStates.Probe | NeighborStates.Permanent)) != 0
        && (neighbor.State & NeighborStates.NoArp) == 0;

    /// <summary>Moves the monitor's events into the worker's inbox; its failure is posted as an input.</summary>
    private static async Task PumpAsync(IAsyncEnumerable<MonitorEvent> source, ChannelWriter<WorkerInput> inbox, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var kernelEvent in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                inbox.TryWrite(WorkerInput.Kernel(kernelEvent));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            inbox.TryWrite(WorkerInput.MonitorFailed(e));
        }
    }
}
