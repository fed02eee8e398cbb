using System.Net;
using System.Threading.Channels;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Session;
using Evpnd.Composition;
using Evpnd.Evpn.Routing;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;
using Microsoft.Extensions.Logging;

namespace Evpnd;

/// <summary>
/// A BGP EVPN speaker for a Linux VTEP, embedded: it advertises the local MACs (and MAC+IPs) it is
/// given per VNI as type-2 routes and each VNI's VTEP as a type-3 route (RFC 7432, RFC 8365), learns
/// remote MACs, their IPs and VTEPs from its peers' best paths, reports them through
/// <see cref="RemoteMacChanged"/>, <see cref="RemoteNeighborChanged"/> and <see cref="RemoteVtepChanged"/> and, with kernel sync on,
/// installs them into the VNIs' VXLAN devices. The evpnd daemon is this class behind a
/// configuration file and a control socket.
/// </summary>
/// <remarks>
/// <code>
///   peers ⇄ BgpSpeaker ⇄ RibWorker ──best paths──▶ EvpnWorker ──intents──▶ [events] ──▶ KernelSync ⇄ netlink
///                          ▲                          │  ▲                                   │
///                          └──────originations────────┘  └────────kernel events (VNIs, local MACs)
/// </code>
/// Each engine has one owner and talks to the next through a bounded channel; the methods of this
/// class post to the EVPN worker's inbox and may be called from any thread. Stop order: the kernel
/// worker first, so that the withdrawals a shutdown causes never reach the kernel and the
/// forwarding state survives a restart (the next start reconciles it).
/// </remarks>
public sealed class EvpnSpeaker : IAsyncDisposable
{
    private readonly EvpnSpeakerSettings _settings;
    private readonly Dictionary<Vni, LocalHostList> _hosts;
    private readonly Channel<KernelSyncRequest> _kernelRequests;
    private readonly Channel<KernelEvent> _kernelEvents;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _engines;
    private CancellationTokenSource? _kernel;
    private Task _ribTask = Task.CompletedTask;
    private Task _evpnTask = Task.CompletedTask;
    private Task _kernelTask = Task.CompletedTask;
    private State _state;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Builds a speaker (nothing runs until <see cref="StartAsync"/>).</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message says which and what to do.</exception>
    public EvpnSpeaker(EvpnSpeakerOptions options)
        : this(Hosts(options), options)
    {
    }

    private EvpnSpeaker(Dictionary<Vni, LocalHostList> hosts, EvpnSpeakerOptions options)
        : this(OptionsMapping.Settings(options, hosts), hosts)
    {
    }

    /// <summary>The composition itself, from the engines' settings (the daemon's way in).</summary>
    internal EvpnSpeaker(EvpnSpeakerSettings settings, Dictionary<Vni, LocalHostList>? hosts = null)
    {
        _settings = settings;
        _hosts = hosts ?? [];
        var factory = settings.LoggerFactory;
        _logger = factory.CreateLogger<EvpnSpeaker>();
        // Written by the EVPN worker and by the daemon's `show kernel` (AskKernelAsync).
        _kernelRequests = Channel.CreateBounded<KernelSyncRequest>(new BoundedChannelOptions(EvpnWorker.KernelRequestCapacity) { SingleReader = true });
        _kernelEvents = Channel.CreateBounded<KernelEvent>(new BoundedChannelOptions(65536) { SingleReader = true, SingleWriter = true });

        // Graceful Restart (RFC 4724): read before KernelSync rewrites the record.
        var bgp = settings.Bgp;
        var gr = bgp.GracefulRestart;
        var forwardingKept = settings.KernelSync && gr.Enabled && ForwardingStateRecord.Kept(settings.StateDirectory);

        var rib = new RibWorker(new RibOptions
        {
            LocalAs = bgp.LocalAs,
            RouterId = bgp.RouterId,
            Families = [EvpnRibFamily.Instance],
            StaleRoutesTime = TimeSpan.FromSeconds(gr.StaleRoutesTime),
            InitialConvergencePeers = gr.Enabled ? [.. bgp.Neighbors.Where(n => n.GracefulRestart).Select(n => n.Address)] : [],
            DeferSelection = forwardingKept,
            SelectDeferTime = TimeSpan.FromSeconds(gr.SelectDeferTime),
            // The EVPN worker says when the kernel's VNIs and hosts are originated (RibLocalRoutes);
            // without KernelSync there is no such moment to wait for.
            AwaitLocalRoutes = settings.KernelSync,
        }, factory.CreateLogger<RibWorker>());
        Rib = rib;

        var speaker = new BgpSpeaker(bgp, factory.CreateLogger<BgpSpeaker>(), rib);
        speaker.RestartState.Started(forwardingKept);
        rib.InitialConvergenceComplete += speaker.RestartState.Converged;
        if (rib.InitialConvergenceDone)
        {
            speaker.RestartState.Converged();
        }
        Bgp = speaker;

        var worker = new EvpnWorker(settings.Evpn, new RibLocalRoutes(rib),
            new IntentTap(settings.KernelSync ? _kernelRequests.Writer : null, this), _kernelEvents.Reader, factory.CreateLogger<EvpnWorker>());
        rib.AddObserver(worker);
        // In order after the deferred best paths the RIB handed over just before (same inbox).
        // Only when every peer's table is known: else the start-up grace period decides.
        rib.InitialConvergenceComplete += () =>
        {
            if (rib.InitialTableComplete)
            {
                worker.Post(InitialConvergence.Instance);
            }
        };
        if (rib.InitialTableComplete)
        {
            worker.Post(InitialConvergence.Instance);
        }
        Evpn = worker;
    }

    private enum State
    {
        Created,
        Running,
        Stopped,
    }

    /// <summary>
    /// A remote MAC was learned, moved or withdrawn. Raised on the speaker's EVPN worker thread, in
    /// route order: return quickly, and do not wait there for a call to this speaker to finish.
    /// An exception from a handler is logged and does not stop the speaker.
    /// </summary>
    public event EventHandler<RemoteMacChange>? RemoteMacChanged;

    /// <summary>
    /// A remote VTEP joined or left a VNI's flood list. Raised as <see cref="RemoteMacChanged"/> is.
    /// </summary>
    public event EventHandler<RemoteVtepChange>? RemoteVtepChanged;

    /// <summary>
    /// A remote host's IP was learned with its MAC (a type-2 route with both), changed or withdrawn.
    /// Raised as <see cref="RemoteMacChanged"/> is.
    /// </summary>
    public event EventHandler<RemoteNeighborChange>? RemoteNeighborChanged;

    /// <summary>
    /// Completes when the speaker has stopped; faults with the error when one of its workers
    /// fails while running (it is logged too). A host that watches it should then stop the speaker.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>The BGP listener's bound endpoint once started (port 0 resolved); null without a listener.</summary>
    public IPEndPoint? ListenEndPoint => Bgp.ListenEndPoint;

    /// <summary>The session engine (the daemon's control socket and reload use it).</summary>
    internal BgpSpeaker Bgp { get; }

    /// <summary>The RIB worker.</summary>
    internal RibWorker Rib { get; }

    /// <summary>The EVPN worker.</summary>
    internal EvpnWorker Evpn { get; }

    /// <summary>Starts the workers, the BGP listener and the sessions, then the kernel worker (with kernel sync on).</summary>
    /// <exception cref="InvalidOperationException">Started before, or the listener could not be bound (the message says what to do).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        CancellationToken engines;
        lock (_gate)
        {
            if (_state != State.Created)
            {
                throw new InvalidOperationException("the speaker was already started; build a new one to start again");
            }
            _state = State.Running;
            _engines = new CancellationTokenSource();
            _kernel = new CancellationTokenSource();
            engines = _engines.Token;
        }
        _ribTask = Watched(Task.Run(() => RunRibAsync(engines), CancellationToken.None));
        _evpnTask = Watched(Task.Run(() => RunEvpnAsync(engines), CancellationToken.None));
        try
        {
            await Bgp.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BgpListenException or OperationCanceledException)
        {
            lock (_gate)
            {
                _state = State.Stopped;
            }
            await StopEnginesAsync().ConfigureAwait(false);
            _completion.TrySetResult();
            if (e is BgpListenException)
            {
                // Already one sentence that says what to do (port in use, privileged port).
                throw new InvalidOperationException(e.Message, e);
            }
            throw;
        }
        if (_settings.KernelSync)
        {
            _kernelTask = Watched(RunKernelAsync(_kernel.Token));
        }
    }

    /// <summary>
    /// Stops the kernel worker (its entries stay in the kernel), closes the sessions (with Graceful
    /// Restart, without a Cease to peers that support it), then stops the workers. Safe to call
    /// twice. A call to <see cref="AddLocalMacAsync"/> still waiting for the worker is cancelled.
    /// </summary>
    public async Task StopAsync()
    {
        lock (_gate)
        {
            if (_state != State.Running)
            {
                _state = State.Stopped;
                _completion.TrySetResult();
                return;
            }
            _state = State.Stopped;
        }
        await StopKernelAsync().ConfigureAwait(false);
        await Bgp.StopAsync("evpnd shutting down", restarting: _settings.Bgp.GracefulRestart.Enabled).ConfigureAwait(false);
        await StopEnginesAsync().ConfigureAwait(false);
        _completion.TrySetResult();
    }

    /// <summary>Stops the speaker (<see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _engines?.Dispose();
        _kernel?.Dispose();
    }

    /// <summary>
    /// Makes <paramref name="mac"/> (with <paramref name="ip"/> behind it, when given) a local host
    /// on <paramref name="vni"/>: advertised as a sticky type-2 route (RFC 7432 s15.2) while the VNI
    /// is served, and again whenever the VNI is served anew. Adding the same MAC with several IPs
    /// advertises each binding. Completes once the route has been handed to the RIB.
    /// </summary>
    /// <returns>False when the host was already there.</returns>
    /// <exception cref="ArgumentException">The VNI is not in <see cref="EvpnSpeakerOptions.Vnis"/>, or the MAC is a group address.</exception>
    /// <exception cref="InvalidOperationException">The speaker has been stopped.</exception>
    public Task<bool> AddLocalMacAsync(Vni vni, MacAddress mac, IPAddress? ip = null, CancellationToken cancellationToken = default)
    {
        if (mac.IsGroup)
        {
            throw new ArgumentException($"{mac} is a group (multicast) address, no host's; give a unicast MAC", nameof(mac));
        }
        var hosts = HostsOf(vni);
        var host = new StaticHost(mac, ip);
        return ChangeAsync(hosts, h => h.Add(host), engine => engine.LocalMacLearned(vni, mac, ip, sticky: true), cancellationToken);
    }

    /// <summary>
    /// Withdraws a host added with <see cref="AddLocalMacAsync"/>: the MAC with all its IPs when
    /// <paramref name="ip"/> is null, else only that MAC+IP binding. Completes once the withdrawal
    /// has been handed to the RIB.
    /// </summary>
    /// <returns>False when no such host was there.</returns>
    /// <exception cref="ArgumentException">The VNI is not in <see cref="EvpnSpeakerOptions.Vnis"/>.</exception>
    /// <exception cref="InvalidOperationException">The speaker has been stopped.</exception>
    public Task<bool> RemoveLocalMacAsync(Vni vni, MacAddress mac, IPAddress? ip = null, CancellationToken cancellationToken = default)
    {
        var hosts = HostsOf(vni);
        return ChangeAsync(hosts, h => h.Remove(mac, ip), engine => engine.LocalMacRemoved(vni, mac, ip), cancellationToken);
    }

    /// <summary>Runs the RIB worker until <paramref name="cancellationToken"/> fires (the daemon's hosted service).</summary>
    internal Task RunRibAsync(CancellationToken cancellationToken) => Rib.RunAsync(cancellationToken);

    /// <summary>Runs the EVPN worker until <paramref name="cancellationToken"/> fires.</summary>
    internal Task RunEvpnAsync(CancellationToken cancellationToken) => Evpn.RunAsync(cancellationToken);

    /// <summary>Runs the kernel worker (retrying while the kernel refuses us) until <paramref name="cancellationToken"/> fires.</summary>
    internal Task RunKernelAsync(CancellationToken cancellationToken)
    {
        var events = _settings.KernelEvents?.Invoke(_kernelEvents.Writer) ?? _kernelEvents.Writer;
        var options = new KernelSyncOptions
        {
            StateDirectory = _settings.StateDirectory,
            TimeProvider = _settings.TimeProvider,
            RemoteMacsInstalled = _settings.RemoteMacsInstalled?.Invoke(),
        };
        var logger = _settings.KernelLogger ?? _settings.LoggerFactory.CreateLogger("Evpnd.KernelSync");
        return new KernelRunner(options, _kernelRequests.Reader, events, _settings.Evpn.MissingPrivilege, logger, _settings.TimeProvider).RunAsync(cancellationToken);
    }

    /// <summary>
    /// Posts a read-only question (<see cref="InspectKernel"/>) to the kernel worker, behind the
    /// intents already on their way; the request's own completion carries the answer.
    /// </summary>
    internal ValueTask AskKernelAsync(KernelSyncRequest request, CancellationToken cancellationToken) =>
        _settings.KernelSync
            ? _kernelRequests.Writer.WriteAsync(request, cancellationToken)
            : throw new InvalidOperationException("kernel sync is off: nothing is installed in the kernel");

    /// <summary>On the EVPN worker's thread, for each request on its way to KernelSync: the events, when someone listens.</summary>
    internal void RaiseRemoteChanges(KernelSyncRequest request)
    {
        var macs = RemoteMacChanged;
        var vteps = RemoteVtepChanged;
        var neighbors = RemoteNeighborChanged;
        if ((macs is null && vteps is null && neighbors is null) || request is not ApplyIntents apply)
        {
            return;
        }
        foreach (ref readonly var intent in apply.Batch.Items)
        {
            try
            {
                switch (intent.Kind)
                {
                    case DataplaneIntentKind.RemoteMacWanted:
                        macs?.Invoke(this, new RemoteMacChange(RemoteChangeKind.Added, intent.Vni, intent.Mac, intent.Address, intent.Sticky));
                        break;
                    case DataplaneIntentKind.RemoteMacWithdrawn:
                        macs?.Invoke(this, new RemoteMacChange(RemoteChangeKind.Removed, intent.Vni, intent.Mac, IpAddressValue.None, sticky: false));
                        break;
                    case DataplaneIntentKind.FloodVtepWanted:
                        vteps?.Invoke(this, new RemoteVtepChange(RemoteChangeKind.Added, intent.Vni, intent.Address));
                        break;
                    case DataplaneIntentKind.FloodVtepWithdrawn:
                        vteps?.Invoke(this, new RemoteVtepChange(RemoteChangeKind.Removed, intent.Vni, intent.Address));
                        break;
                    case DataplaneIntentKind.NeighborWanted:
                        neighbors?.Invoke(this, new RemoteNeighborChange(RemoteChangeKind.Added, intent.Vni, intent.Address, intent.Mac, intent.Router));
                        break;
                    case DataplaneIntentKind.NeighborWithdrawn:
                        neighbors?.Invoke(this, new RemoteNeighborChange(RemoteChangeKind.Removed, intent.Vni, intent.Address, MacAddress.Zero, router: false));
                        break;
                }
            }
            catch (Exception e)
            {
                // A subscriber's bug must not stop the worker that serves every VNI.
                _logger.LogWarning(e, "EVPN: a remote change handler threw: {Error}", e.Message);
            }
        }
    }

    private static Dictionary<Vni, LocalHostList> Hosts(EvpnSpeakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dictionary<Vni, LocalHostList> hosts = [];
        foreach (var v in options.Vnis)
        {
            if (v.Vni is > 0 and <= Vni.MaxValue)
            {
                hosts.TryAdd(new Vni(v.Vni), new LocalHostList());
            }
        }
        return hosts;
    }

    private LocalHostList HostsOf(Vni vni) =>
        _hosts.TryGetValue(vni, out var hosts)
            ? hosts
            : throw new ArgumentException($"VNI {vni} is not one of the speaker's VNIs; add it to EvpnSpeakerOptions.Vnis", nameof(vni));

    private async Task<bool> ChangeAsync(LocalHostList hosts, Func<LocalHostList, bool> change, Action<Evpn.Instances.EvpnEngine> apply, CancellationToken cancellationToken)
    {
        CancellationToken stopping;
        lock (_gate)
        {
            switch (_state)
            {
                case State.Stopped:
                    throw new InvalidOperationException("the speaker has been stopped");
                case State.Created:
                    // Not running yet: the worker learns the list when it starts serving the VNI.
                    return change(hosts);
            }
            stopping = _engines!.Token;
        }
        // A stopped worker answers nobody: the stop cancels the wait.
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        // On the worker, where the list is read when a VNI starts being served.
        return await Evpn.CallAsync(engine =>
        {
            var changed = change(hosts);
            if (changed)
            {
                apply(engine);
            }
            return changed;
        }, either.Token).ConfigureAwait(false);
    }

    /// <summary>A worker that fails while running faults <see cref="Completion"/>.</summary>
    private Task Watched(Task worker)
    {
        _ = worker.ContinueWith(t => _completion.TrySetException(t.Exception!.InnerExceptions), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return worker;
    }

    private async Task StopKernelAsync()
    {
        if (_kernel is { } kernel)
        {
            await kernel.CancelAsync().ConfigureAwait(false);
        }
        await Quietly(_kernelTask).ConfigureAwait(false);
    }

    private async Task StopEnginesAsync()
    {
        if (_engines is { } engines)
        {
            await engines.CancelAsync().ConfigureAwait(false);
        }
        await Quietly(_evpnTask).ConfigureAwait(false);
        await Quietly(_ribTask).ConfigureAwait(false);
    }

    private async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _logger.LogError(e, "a worker had failed: {Error}", e.Message);
        }
    }
}
