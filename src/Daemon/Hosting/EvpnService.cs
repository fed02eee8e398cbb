using System.Net;
using System.Threading.Channels;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using Evpnd.Daemon.Config;
using Evpnd.Daemon.Dataplane;
using Evpnd.Evpn;
using Evpnd.Evpn.Instances;
using Evpnd.KernelSync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Hosting;

/// <summary>
/// The EVPN worker: the one owner of the <see cref="EvpnEngine"/>. It takes the RIB's best-path
/// changes, the kernel's link/MAC/neighbour events and CLI requests from one channel, feeds them
/// to the engine, then sends what the engine asked for: local routes to the RIB worker, FDB and
/// neighbour commands to the kernel worker.
/// </summary>
internal sealed class EvpnService : BackgroundService, IBestPathObserver
{
    private readonly EvpndConfig _config;
    private readonly RibWorker _rib;
    private readonly ChannelWriter<KernelCommand> _kernel;
    private readonly ChannelReader<KernelEvent> _kernelEvents;
    private readonly ILogger<EvpnService> _logger;
    private readonly TimeProvider _time;
    private readonly Channel<object> _inbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly VniDeviceMap _devices = new();
    private readonly KernelIntentMapper _mapper;
    private readonly PendingOriginations _originations = new();
    private readonly Dictionary<uint, VniConfig> _configured;
    private readonly EvpnEngine _engine;
    private bool _privilegeReported;

    public EvpnService(EvpndConfig config, RibWorker rib, ChannelWriter<KernelCommand> kernel, ChannelReader<KernelEvent> kernelEvents,
        TimeProvider time, ILogger<EvpnService> logger)
    {
        _config = config;
        _rib = rib;
        _kernel = kernel;
        _kernelEvents = kernelEvents;
        _time = time;
        _logger = logger;
        _mapper = new KernelIntentMapper(_devices);
        _configured = config.Evpn.Vnis.ToDictionary(v => v.Vni);
        _engine = new EvpnEngine(EvpnConfigMapping.EngineOptions(config, time), _originations, _mapper);
        rib.AddObserver(this);
    }

    /// <summary>Runs <paramref name="call"/> on the worker, where the engine may be touched, and returns its result.</summary>
    public async Task<T> CallAsync<T>(Func<EvpnEngine, T> call, CancellationToken cancellationToken)
    {
        var request = new WorkerCall(e => call(e)!);
        await _inbox.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        return (T)await request.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A reload: serves <paramref name="vnis"/> from now on and refreshes the VNIs in
    /// <paramref name="changed"/> only (the engine re-originates or re-imports what a new RD, RT
    /// or VTEP changes); a static MAC no longer listed is withdrawn. A VNI no longer configured
    /// stays served with automatic settings while advertise-all-vni finds its device.
    /// </summary>
    public Task<int> ReconfigureAsync(IReadOnlyList<VniConfig> vnis, IReadOnlyCollection<uint> changed, CancellationToken cancellationToken) =>
        CallAsync(engine =>
        {
            var next = vnis.ToDictionary(v => v.Vni);
            foreach (var vni in changed)
            {
                next.TryGetValue(vni, out var now);
                if (_configured.TryGetValue(vni, out var before))
                {
                    foreach (var mac in before.Macs.Except(now?.Macs ?? []))
                    {
                        engine.LocalMacRemoved(new Vni(vni), MacAddress.Parse(mac.Mac), mac.Ip);
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
                Refresh(vni);
            }
            return changed.Count;
        }, cancellationToken);

    /// <summary>Called on the RIB worker with a batch's best-path changes: hand them over, never block.</summary>
    public void BestPathsChanged(ReadOnlySpan<BestPathChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Family == AfiSafi.L2vpnEvpn)
            {
                _inbox.Writer.TryWrite(change);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pump = PumpKernelEventsAsync(stoppingToken);
        using var tick = _time.CreateTimer(_ => _inbox.Writer.TryWrite(Tick.Instance), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        // Configured VNIs with a VTEP address are served at once; discovery may refine them.
        foreach (var vni in _configured.Values)
        {
            Refresh(vni.Vni);
        }
        await FlushAsync(stoppingToken).ConfigureAwait(false);

        try
        {
            var reader = _inbox.Reader;
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                // Everything that is waiting is handled first, so that the RIB gets one burst of
                // originations and the kernel one batch of commands.
                while (reader.TryRead(out var item))
                {
                    Handle(item);
                    if (_originations.Count + _mapper.Pending.Count > 4096)
                    {
                        await FlushAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
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
                await _inbox.Writer.WriteAsync(e, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Handle(object item)
    {
        try
        {
            switch (item)
            {
                case BestPathChange change:
                    _engine.RemoteRouteChanged(change);
                    break;
                case KernelEvent e:
                    KernelEventArrived(e);
                    break;
                case WorkerCall call:
                    try
                    {
                        call.Result.TrySetResult(call.Invoke(_engine));
                    }
                    catch (Exception ex)
                    {
                        call.Result.TrySetException(ex);
                    }
                    break;
                case Tick:
                    _engine.Tick();
                    break;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            // One bad route or event must not stop the worker.
            _logger.LogWarning("EVPN: ignored {Item}: {Error}", item.GetType().Name, e.Message);
        }
    }

    private void KernelEventArrived(KernelEvent e)
    {
        switch (e)
        {
            case LinkAdded or LinkChanged or LinkRemoved or KernelResynchronised:
                foreach (var (vni, before, after) in _devices.Apply(e))
                {
                    LogDevice(vni, before, after);
                    _mapper.DeviceChanged(vni, before, after);
                    Refresh(vni);
                }
                if (e is KernelResynchronised { Reason: "start" })
                {
                    WarnAboutMissingDevices();
                }
                break;
            case LocalMacLearned learned when _devices.TryGetByBridge(learned.BridgeIfindex, out var d):
                _engine.LocalMacLearned(new Vni(d.Vni), learned.Mac, null, sticky: learned.Static);
                break;
            case LocalMacAged aged when _devices.TryGetByBridge(aged.BridgeIfindex, out var d):
                _engine.LocalMacRemoved(new Vni(d.Vni), aged.Mac);
                break;
            case NeighborUpdated { Neighbor: { Mac: { } mac } n } when IsUsable(n.State) && _devices.TryGetByBridge(n.Ifindex, out var d):
                _engine.LocalMacLearned(new Vni(d.Vni), mac, n.Address);
                break;
            case NeighborRemoved { Neighbor: { Mac: { } mac } n } when _devices.TryGetByBridge(n.Ifindex, out var d):
                _engine.LocalMacRemoved(new Vni(d.Vni), mac, n.Address);
                break;
            case ProgrammingFailed { Failure.Errno: 1 or 13 }:
                // EPERM/EACCES: every entry would fail the same way; say what to do once.
                if (!_privilegeReported)
                {
                    _logger.LogError(Privileges.MissingNetAdmin);
                    _privilegeReported = true;
                }
                break;
            case ProgrammingFailed failed:
                _logger.LogWarning("kernel: {Failure}", failed);
                break;
            case KernelOverrun:
                _logger.LogWarning("kernel: netlink event overrun (ENOBUFS); resynchronising with a full dump");
                break;
        }
    }

    /// <summary>Once the kernel is known: a configured VNI that no VXLAN device carries is served to BGP only.</summary>
    private void WarnAboutMissingDevices()
    {
        foreach (var vni in _configured.Keys)
        {
            if (!_devices.TryGet(vni, out var device))
            {
                _logger.LogWarning("VNI {Vni}: no VXLAN device with id {Vni} in this namespace; its routes are advertised, remote MACs are not installed until one appears (ip link add vxlan{Vni} type vxlan id {Vni} ... and enslave it to a bridge)", vni, vni, vni, vni);
            }
            else if (!device.Usable)
            {
                _logger.LogWarning("VNI {Vni}: {Device} is not enslaved to a bridge; remote MACs are not installed until it is (ip link set {Device} master BRIDGE)", vni, device.Name, device.Name);
            }
        }
    }

    private static bool IsUsable(NeighborStates state) =>
        // NOARP entries are the SVI's multicast mappings, not hosts.
        (state & (NeighborStates.Reachable | NeighborStates.Stale | NeighborStates.Delay | NeighborStates.Probe | NeighborStates.Permanent)) != 0 &&
        (state & NeighborStates.NoArp) == 0;

    /// <summary>
    /// Serves or stops serving one VNI: a VXLAN device that exists decides (up = served); without
    /// one, a configured VNI with a local VTEP is served from configuration alone.
    /// </summary>
    private void Refresh(uint vni)
    {
        _configured.TryGetValue(vni, out var configured);
        var hasDevice = _devices.TryGet(vni, out var device);
        var discoverable = configured is not null || _config.Evpn.AdvertiseAllVni;
        var vtep = configured?.LocalVtep ?? device?.LocalVtep;
        var serve = discoverable && vtep is not null && (hasDevice ? device!.Up : configured is not null);
        if (serve)
        {
            _engine.AddOrUpdateLocalVni(EvpnConfigMapping.LocalVni(vni, vtep!, configured, _config));
            foreach (var mac in configured?.Macs ?? [])
            {
                _engine.LocalMacLearned(new Vni(vni), MacAddress.Parse(mac.Mac), mac.Ip, sticky: true);
            }
        }
        else
        {
            _engine.RemoveLocalVni(new Vni(vni));
        }
    }

    private void LogDevice(uint vni, VniDevice? before, VniDevice? after)
    {
        if (after is null)
        {
            _logger.LogInformation("VNI {Vni}: device {Device} removed", vni, before!.Name);
        }
        else if (before is null)
        {
            _logger.LogInformation("VNI {Vni}: found {Device} (local VTEP {Vtep}, {Bridge}, {State})", vni, after.Name,
                after.LocalVtep?.ToString() ?? "none", after.Usable ? $"bridge ifindex {after.BridgeIfindex}" : "not in a bridge", after.Up ? "up" : "down");
            if (!after.Usable)
            {
                _logger.LogWarning("VNI {Vni}: {Device} is not enslaved to a bridge; remote MACs cannot be installed until it is", vni, after.Name);
            }
        }
        else
        {
            _logger.LogInformation("VNI {Vni}: {Device} changed (local VTEP {Vtep}, {State})", vni, after.Name, after.LocalVtep?.ToString() ?? "none", after.Up ? "up" : "down");
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var (nlri, nextHop, attributes) in _originations.Drain())
        {
            if (attributes is null)
            {
                await _rib.WithdrawLocalAsync(AfiSafi.L2vpnEvpn, nlri, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _rib.OriginateAsync(AfiSafi.L2vpnEvpn, nlri, nextHop, attributes, cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var command in _mapper.Pending)
        {
            await _kernel.WriteAsync(command, cancellationToken).ConfigureAwait(false);
        }
        _mapper.Pending.Clear();
    }

    private sealed class WorkerCall(Func<EvpnEngine, object> invoke)
    {
        public TaskCompletionSource<object> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public object Invoke(EvpnEngine engine) => invoke(engine);
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>The engine's originations, kept in order until the worker sends them to the RIB.</summary>
    private sealed class PendingOriginations : IEvpnRouteOriginator
    {
        private readonly List<(ReadOnlyMemory<byte> Nlri, ReadOnlyMemory<byte> NextHop, IReadOnlyList<PathAttribute>? Attributes)> _items = new();

        public int Count => _items.Count;

        public void Originate(ReadOnlyMemory<byte> nlri, ReadOnlyMemory<byte> nextHop, IReadOnlyList<PathAttribute> attributes) =>
            _items.Add((nlri, nextHop, attributes));

        public void Withdraw(ReadOnlyMemory<byte> nlri) => _items.Add((nlri, default, null));

        public List<(ReadOnlyMemory<byte> Nlri, ReadOnlyMemory<byte> NextHop, IReadOnlyList<PathAttribute>? Attributes)> Drain()
        {
            var copy = new List<(ReadOnlyMemory<byte>, ReadOnlyMemory<byte>, IReadOnlyList<PathAttribute>?)>(_items);
            _items.Clear();
            return copy;
        }
    }
}
