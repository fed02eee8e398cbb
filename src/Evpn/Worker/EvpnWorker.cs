using System.Net;
using System.Threading.Channels;
using Evpnd.Bgp.Rib;
using Evpnd.Evpn.Instances;
using Evpnd.KernelSync;
using Microsoft.Extensions.Logging;

namespace Evpnd.Evpn.Worker;

/// <summary>
/// The EVPN worker: the one owner of the <see cref="EvpnEngine"/>. Its inbox takes the RIB's
/// best-path batches, the KernelSync worker's VNI-keyed events and calls from the CLI
/// (<see cref="EvpnWorkerMessage"/>); it feeds them to the engine, then hands on what the engine
/// asked for: its own routes to the RIB, one batch of dataplane intents to KernelSync.
/// </summary>
/// <remarks>
/// Which VNIs are served: a VNI whose VXLAN device is usable (up, alone in a bridge without VLAN
/// filtering), configured or, with <see cref="EvpnWorkerOptions.AdvertiseAllVni"/>, discovered;
/// a configured VNI no device has carried yet is served from its configuration alone (its routes
/// are advertised, remote MACs wait for a device). A VNI whose device goes down, leaves its bridge
/// or is deleted is withdrawn (its type-3 would attract BUM traffic it cannot deliver), and served
/// again when it comes back, its hosts then re-read from the bridge by KernelSync.
/// </remarks>
public sealed class EvpnWorker : IBestPathObserver
{
    private readonly EvpnWorkerOptions _options;
    private readonly ILocalRouteSink _rib;
    private readonly KernelOutbox _outbox;
    private bool _desiredStateComplete;
    // KernelSync's "start": the VXLAN devices it found have been reported, so every VNI the
    // kernel serves is known here and the routes of the convergence have become intents.
    private bool _kernelStarted;
    private bool _localRoutesReported;
    private readonly ChannelReader<KernelEvent> _kernelEvents;
    private readonly ILogger _logger;
    private readonly Channel<EvpnWorkerMessage> _inbox = Channel.CreateUnbounded<EvpnWorkerMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly OriginationQueue _originations = new();
    private readonly IntentBatcher _intents = new();
    private readonly ChangeBacklog _backlog;
    private readonly Dictionary<Vni, ConfiguredVni> _configured;
    private readonly Dictionary<Vni, VniState> _devices = [];
    private readonly HashSet<Vni> _deviceSeen = [];
    private readonly HashSet<Vni> _served = [];
    private readonly List<Action> _answers = [];
    private readonly EvpnEngine _engine;
    private bool _privilegeReported;

    /// <summary>
    /// Requests the channel from this worker to KernelSync holds (the composition creates it
    /// bounded so): a few batches keep KernelSync's flushes full, and the rest of what is on its
    /// way waits, bounded, in the worker (<see cref="EvpnWorkerOptions.MaxKernelBacklog"/>).
    /// </summary>
    public const int KernelRequestCapacity = 4;

    public EvpnWorker(EvpnWorkerOptions options, ILocalRouteSink rib, ChannelWriter<KernelSyncRequest> kernel, ChannelReader<KernelEvent> kernelEvents, ILogger logger)
    {
        _options = options;
        _rib = rib;
        _outbox = new KernelOutbox(kernel, options.MaxKernelBacklog, options.KernelPatience, options.Engine.TimeProvider);
        _kernelEvents = kernelEvents;
        _logger = logger;
        _configured = options.Vnis.ToDictionary(v => v.Vni);
        _backlog = new ChangeBacklog(options.MaxBestPathBacklog);
        var engine = options.Engine with
        {
            FirstMartianNextHop = options.Engine.FirstMartianNextHop ?? (m => _logger.LogWarning(
                "EVPN: dropping type-{Type} routes from {Peer} with a martian next hop {NextHop} ({Reason}); further ones are counted, not logged",
                (int)m.RouteType, m.Peer?.ToString() ?? "a peer", m.NextHop, m.Reason)),
        };
        _engine = new EvpnEngine(engine, _originations, _intents);
    }

    /// <summary>Posts a message to the worker (tests and the host use this; the RIB and KernelSync have their own entries).</summary>
    public bool Post(EvpnWorkerMessage message) => _inbox.Writer.TryWrite(message);

    /// <summary>Runs <paramref name="call"/> on the worker, where the engine may be touched, and returns its result.</summary>
    public async Task<T> CallAsync<T>(Func<EvpnEngine, T> call, CancellationToken cancellationToken)
    {
        var request = new EngineCall(e => call(e));
        await _inbox.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        return (T)(await request.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Called on the RIB worker with a batch's best-path changes: one copy, one message, never block.</summary>
    public void BestPathsChanged(ReadOnlySpan<BestPathChange> changes)
    {
        if (BestPathBatch.CopyEvpn(changes) is not { } batch)
        {
            return;
        }
        _backlog.Add(batch.Count);
        if (!_inbox.Writer.TryWrite(new BestPathsReceived(batch)))
        {
            _backlog.Remove(batch.Count);
            batch.Dispose();
        }
    }

    /// <summary>
    /// Called on the RIB worker: the RIB hands over no more peer routes while the changes it gave
    /// and this worker has not imported reach <see cref="EvpnWorkerOptions.MaxBestPathBacklog"/>.
    /// With the bounded hand-off to KernelSync behind it, a session loss or a full table flows to
    /// the kernel at the kernel's pace instead of piling up on the way.
    /// </summary>
    public Task? WaitForRoom() => _backlog.WaitForRoom();

    /// <summary>
    /// A reload: serves <paramref name="vnis"/> from now on and refreshes the VNIs in
    /// <paramref name="changed"/> only (the engine re-originates or re-imports what a new RD, RT
    /// or VTEP changes); a static host no longer listed is withdrawn. A VNI no longer configured
    /// stays served with automatic settings while advertise-all-vni finds its device.
    /// </summary>
    public Task<int> ReconfigureAsync(IReadOnlyList<ConfiguredVni> vnis, IReadOnlyCollection<Vni> changed, CancellationToken cancellationToken) =>
        CallAsync(engine =>
        {
            var next = vnis.ToDictionary(v => v.Vni);
            foreach (var vni in changed)
            {
                next.TryGetValue(vni, out var now);
                if (_configured.TryGetValue(vni, out var before))
                {
                    foreach (var host in before.StaticHosts.Except(now?.StaticHosts ?? []))
                    {
                        engine.LocalMacRemoved(vni, host.Mac, host.Ip);
                    }
                }
                if (now is null)
                {
                    _configured.Remove(vni);
                }
                else
                {
                    _configured[vni] = now;
                }
                // A VNI Refresh starts serving learns its static hosts there; one already served
                // learns the new list here.
                var wasServed = _served.Contains(vni);
                Refresh(vni);
                if (wasServed && now is not null && _served.Contains(vni))
                {
                    foreach (var host in now.StaticHosts)
                    {
                        engine.LocalMacLearned(vni, host.Mac, host.Ip, sticky: true);
                    }
                }
            }
            return changed.Count;
        }, cancellationToken);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; a failure is logged once and thrown.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var pump = PumpKernelEventsAsync(cancellationToken);
        using var tick = _options.Engine.TimeProvider.CreateTimer(_ => _inbox.Writer.TryWrite(EngineTick.Instance), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        // Configured VNIs with a VTEP address are served at once; their devices may refine them.
        foreach (var vni in _configured.Keys)
        {
            Refresh(vni);
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var reader = _inbox.Reader;
            Task<bool>? inboxReady = null;
            Task? kernelRoom = null;
            while (true)
            {
                inboxReady ??= reader.WaitToReadAsync(cancellationToken).AsTask();
                if (_outbox.Count > 0 && !inboxReady.IsCompleted)
                {
                    // Idle with requests KernelSync has not taken yet: hand them on as it makes room.
                    kernelRoom ??= _outbox.RoomAsync(cancellationToken);
                    await Task.WhenAny(inboxReady, kernelRoom).ConfigureAwait(false);
                    if (kernelRoom.IsCompleted)
                    {
                        kernelRoom = null;
                        _outbox.Push();
                    }
                    if (!inboxReady.IsCompleted)
                    {
                        continue;
                    }
                }
                if (!await inboxReady.ConfigureAwait(false))
                {
                    break;
                }
                inboxReady = null;
                // Everything that is waiting is handled first, so that the RIB gets one burst of
                // originations and the kernel one batch of intents.
                while (reader.TryRead(out var message))
                {
                    Handle(message);
                    if (_originations.Count + _intents.Count > _options.MaxPending)
                    {
                        await FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await FlushAsync(cancellationToken).ConfigureAwait(false);
                // Answered once what the calls' drain decided has been handed on: a caller sees
                // the RIB and KernelSync already told of everything posted before its call.
                if (_answers.Count > 0)
                {
                    await _outbox.DrainAsync(0, cancellationToken).ConfigureAwait(false);
                }
                foreach (var answer in _answers)
                {
                    answer();
                }

                _answers.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The host stops when a worker fails; say which one and why (the host's own log is filtered).
            _logger.LogCritical(e, "EVPN worker failed: {Error}; evpnd stops", e.Message);
            throw;
        }

        await pump.ConfigureAwait(false);
    }

    private async Task PumpKernelEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in _kernelEvents.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await _inbox.Writer.WriteAsync(new KernelEventReceived(e), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Handle(EvpnWorkerMessage message)
    {
        try
        {
            // No discard arm: a new kind of message is a compile error here (CS8509).
            _ = message.Kind switch
            {
                EvpnWorkerMessageKind.BestPaths => Import((BestPathsReceived)message),
                EvpnWorkerMessageKind.Kernel => KernelEventArrived(((KernelEventReceived)message).Event),
                EvpnWorkerMessageKind.Call => Answer((EngineCall)message),
                EvpnWorkerMessageKind.Tick => Tick(),
                EvpnWorkerMessageKind.InitialConvergence => _desiredStateComplete = true,
            };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            // One bad route or event must not stop the worker.
            _logger.LogWarning("EVPN: ignored {Item}: {Error}", message.Kind, e.Message);
        }
    }

    private bool Import(BestPathsReceived message)
    {
        using var batch = message.Batch;
        var count = batch.Count;
        // Once per batch, not per route: KernelSync times the MACs it installs from here.
        _intents.MarkReceived(batch.ReceivedAt);
        try
        {
            _engine.RemoteRouteChanged(batch.Items);
        }
        finally
        {
            _intents.MarkReceived(0);
            _backlog.Remove(count);
        }

        return true;
    }

    private bool Answer(EngineCall call)
    {
        try
        {
            var result = call.Invoke(_engine);
            _answers.Add(() => call.Result.TrySetResult(result));
        }
        catch (Exception e)
        {
            _answers.Add(() => call.Result.TrySetException(e));
        }

        return true;
    }

    private bool Tick()
    {
        _engine.Tick();
        return true;
    }

    private bool KernelEventArrived(KernelEvent e)
    {
        switch (e)
        {
            case VniStateChanged changed:
                VniChanged(changed.Vni, changed.State);
                break;
            case LocalMacSeen seen:
                _engine.LocalMacLearned(seen.Vni, seen.Mac, null, sticky: seen.Static);
                break;
            case LocalMacGone gone:
                _engine.LocalMacRemoved(gone.Vni, gone.Mac);
                break;
            case LocalNeighborSeen seen:
                // Attaches an IP to a MAC learned on a local port; never makes a MAC local by itself.
                _engine.LocalNeighborLearned(seen.Vni, seen.Address, seen.Mac, seen.Router);
                break;
            case LocalNeighborGone gone:
                _engine.LocalNeighborRemoved(gone.Vni, gone.Address);
                break;
            case KernelResynchronised { Reason: "start" }:
                _kernelStarted = true;
                WarnAboutMissingDevices();
                break;
            case KernelResynchronised { Reason: "desired state complete" } complete:
                // The whole difference a restart wrote into the kernel (RFC 4724 s4.1: kept
                // forwarding state is reconciled, not rewritten); unchanged entries were not sent.
                _logger.LogInformation("kernel: reconciled after restart: {Added} added, {Removed} removed, {Unchanged} unchanged ({Replaced} of the added rewrote an entry; this pass: {Result})",
                    complete.SinceStart.Added + complete.SinceStart.Replaced, complete.SinceStart.Removed, complete.SinceStart.Unchanged, complete.SinceStart.Replaced, complete.Result);
                break;
            case KernelResynchronised resynchronised:
                _logger.LogDebug("kernel: reconciled ({Reason}): {Result}", resynchronised.Reason, resynchronised.Result);
                break;
            case ProgrammingFailed { Failure.Errno: 1 or 13 }:
                // EPERM/EACCES: every entry would fail the same way; say what to do once.
                if (!_privilegeReported)
                {
                    _logger.LogError("{Message}", _options.MissingPrivilege);
                    _privilegeReported = true;
                }

                break;
            case ProgrammingFailed failed:
                _logger.LogWarning("kernel: {Failure}", failed);
                break;
            case KernelOverrun:
                _logger.LogWarning("kernel: netlink event overrun (ENOBUFS); resynchronising with a full dump");
                break;
            case VxlanDeviceUnsupported unsupported:
                _logger.LogWarning("kernel: {Reason}", unsupported.Reason);
                break;
            case OwnershipRecordDamaged damaged:
                _logger.LogWarning("kernel: the ownership record had {Lines} damaged lines, skipped; moved aside to {Path}; remote MACs marked extern_learn are taken as evpnd's", damaged.DamagedLines, damaged.SetAsidePath);
                break;
        }

        return true;
    }

    private void VniChanged(Vni vni, VniState? state)
    {
        _devices.TryGetValue(vni, out var before);
        if (state is null)
        {
            _devices.Remove(vni);
            if (before is not null)
            {
                _logger.LogInformation("VNI {Vni}: device {Device} removed; its entries went with it", vni, before.Device);
            }
        }
        else
        {
            _devices[vni] = state;
            _deviceSeen.Add(vni);
            LogDevice(vni, before, state);
        }

        Refresh(vni);
    }

    private void LogDevice(Vni vni, VniState? before, VniState after)
    {
        if (after.Unsupported is not null)
        {
            if (before?.Unsupported != after.Unsupported)
            {
                _logger.LogWarning("VNI {Vni}: {Device} refused: {Reason}", vni, after.Device, after.Unsupported);
            }

            return;
        }

        var group = after.MulticastGroup is null ? string.Empty : $", multicast group {after.MulticastGroup}";
        _logger.LogInformation("VNI {Vni}: {Device} {Change} (local VTEP {Vtep}, {Bridge}, {State}{Group})", vni, after.Device, before is null ? "found" : "changed",
            after.LocalVtep?.ToString() ?? "none", after.Bridge is null ? "in no bridge" : $"bridge {after.Bridge}", after.Up ? "up" : "down", group);
        if (after.Bridge is null && (before is null || before.Bridge is not null))
        {
            _logger.LogWarning("VNI {Vni}: {Device} is not enslaved to a bridge; the VNI is not served until it is (ip link set {Device} master BRIDGE)", vni, after.Device, after.Device);
        }
    }

    /// <summary>Once the kernel is known: a configured VNI that no VXLAN device carries is served to BGP only.</summary>
    private void WarnAboutMissingDevices()
    {
        foreach (var vni in _configured.Keys)
        {
            if (!_devices.ContainsKey(vni))
            {
                _logger.LogWarning("VNI {Vni}: no VXLAN device with id {Vni} in this namespace; its routes are advertised, remote MACs are not installed until one appears (ip link add vxlan{Vni} type vxlan id {Vni} ... and enslave it to a bridge)", vni, vni, vni, vni);
            }
        }
    }

    /// <summary>Serves or stops serving one VNI (see the remarks on the class).</summary>
    private void Refresh(Vni vni)
    {
        _configured.TryGetValue(vni, out var configured);
        var hasDevice = _devices.TryGetValue(vni, out var device);
        var discoverable = configured is not null || _options.AdvertiseAllVni;
        var vtep = configured?.LocalVtep ?? device?.LocalVtep;
        var serve = discoverable && vtep is not null && (hasDevice ? device!.Usable : configured is not null && !_deviceSeen.Contains(vni));
        if (serve)
        {
            var local = (configured?.Settings ?? new LocalVni(vni, vtep!)) with { LocalVtep = vtep!, MulticastGroup = device?.MulticastGroup };
            _engine.AddOrUpdateLocalVni(local);
            if (_served.Add(vni))
            {
                foreach (var host in configured?.StaticHosts ?? [])
                {
                    _engine.LocalMacLearned(vni, host.Mac, host.Ip, sticky: true);
                }
            }
        }
        else if (_served.Remove(vni))
        {
            _engine.RemoveLocalVni(vni);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _options.Engine.LocalSequenceStore.Save();
        await _originations.SendAsync(_rib, cancellationToken).ConfigureAwait(false);
        if (_kernelStarted && !_localRoutesReported)
        {
            // The routes of the kernel's VNIs and hosts at the start went just above.
            _localRoutesReported = true;
            _rib.LocalRoutesComplete();
        }

        if (_intents.Take() is { } batch)
        {
            // The bound of the hand-off: beyond it the worker waits for KernelSync to take some.
            _outbox.Post(new ApplyIntents(batch));
            await _outbox.DrainAsync(_outbox.MaxIntents, cancellationToken).ConfigureAwait(false);
        }

        if (_desiredStateComplete && _kernelStarted)
        {
            // After the intents of the best paths the RIB handed over before it (same inbox, in
            // order), and after the kernel's VNIs: a VNI not known yet has no intents, and its
            // entries kept through the restart would be removed, then installed again.
            _desiredStateComplete = false;
            _logger.LogInformation("EVPN: initial route selection complete; KernelSync removes what is no longer wanted");
            _outbox.Post(new DesiredStateComplete());
        }
    }
}
