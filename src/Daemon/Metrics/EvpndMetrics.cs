using System.Diagnostics.Metrics;
using Evpnd.Bgp.Session;
using Evpnd.Daemon.Hosting;
using Evpnd.Evpn.Instances;
using Evpnd.KernelSync;

namespace Evpnd.Daemon.Metrics;

/// <summary>
/// evpnd's instruments on one <see cref="Meter"/>. What the engines already count (session
/// states, messages per type, routes and MACs per VNI) is observed when a scrape asks, from
/// the same snapshots the CLI shows, so that the hot paths carry no metrics code; what only
/// passes by (kernel refusals, resynchronisations) is counted as it passes the daemon's tap.
/// Names follow OpenTelemetry's conventions; the Prometheus exporter writes them as
/// <c>evpnd_bgp_sessions</c>, <c>evpnd_bgp_messages_received_total</c>, ...
/// </summary>
internal sealed class EvpndMetrics : IDisposable
{
    public const string MeterName = "Evpnd";

    // A scrape reads every instrument in turn; one EVPN worker query serves them all.
    private static readonly TimeSpan s_evpnFresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_evpnTimeout = TimeSpan.FromSeconds(2);
    private static readonly double[] s_latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly string[] s_states = ["Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"];

    private readonly Meter _meter = new(MeterName);
    private readonly Func<IReadOnlyList<NeighborStatus>> _neighbors;
    private readonly Func<CancellationToken, Task<EvpnCounts>> _evpn;
    private readonly TimeProvider _time;
    private readonly Counter<long> _netlinkErrors;
    private readonly Counter<long> _resyncs;
    private readonly Histogram<double> _installLatency;
    private readonly Func<KernelSyncRequest, CancellationToken, ValueTask>? _kernel;
    private readonly Lock _gate = new();
    private (EvpnCounts Counts, long At)? _evpnCache;

    public EvpndMetrics(Func<IReadOnlyList<NeighborStatus>> neighbors, Evpn.Worker.EvpnWorker evpn, TimeProvider time,
        Func<KernelSyncRequest, CancellationToken, ValueTask>? kernel = null)
        : this(neighbors, ct => evpn.CallAsync(EvpnCounts.Of, ct), time, kernel)
    {
    }

    /// <param name="kernel">Posts a request to the kernel worker (the owned-entries gauge asks it); null: no such gauge.</param>
    public EvpndMetrics(Func<IReadOnlyList<NeighborStatus>> neighbors, Func<CancellationToken, Task<EvpnCounts>> evpn, TimeProvider time,
        Func<KernelSyncRequest, CancellationToken, ValueTask>? kernel = null)
    {
        _neighbors = neighbors;
        _evpn = evpn;
        _time = time;
        _kernel = kernel;
        _meter.CreateObservableGauge("evpnd.bgp.sessions", SessionsByState, "{session}", "BGP sessions by FSM state");
        _meter.CreateObservableCounter("evpnd.bgp.messages.received", () => Messages(n => n.MessagesIn), "{message}", "BGP messages received, by peer and type");
        _meter.CreateObservableCounter("evpnd.bgp.messages.sent", () => Messages(n => n.MessagesOut), "{message}", "BGP messages sent, by peer and type");
        _meter.CreateObservableCounter("evpnd.bgp.session.established", () => PerPeer(n => n.EstablishedTransitions), "{transition}", "times a peer's session reached Established");
        _meter.CreateObservableGauge("evpnd.bgp.session.up", () => PerPeer(n => n.State == "Established" ? 1 : 0), "{session}", "1 while the peer's session is Established");
        _meter.CreateObservableGauge("evpnd.evpn.routes", Routes, "{route}", "EVPN routes by VNI, type, origin (local or imported) and the peer they came from");
        _meter.CreateObservableGauge("evpnd.evpn.macs", Macs, "{mac}", "MACs per VNI, local or remote");
        _meter.CreateObservableGauge("evpnd.evpn.remote_vteps", () => PerVni(v => v.RemoteVteps.Count), "{vtep}", "remote VTEPs (flood list) per VNI");
        _meter.CreateObservableGauge("evpnd.evpn.duplicates", Duplicates, "{mac}", "MACs marked duplicate (RFC 7432 s15.1) per VNI");
        _meter.CreateObservableCounter<long>("evpnd.evpn.mac.moves", () => Evpn() is { } e ? [new Measurement<long>(e.MacMoves)] : [], "{move}", "MAC moves seen");
        _meter.CreateObservableCounter<long>("evpnd.evpn.duplicates.detected", () => Evpn() is { } e ? [new Measurement<long>(e.DuplicatesDetected)] : [], "{mac}", "times a MAC was marked duplicate");
        _netlinkErrors = _meter.CreateCounter<long>("evpnd.kernel.netlink.errors", "{error}", "changes the kernel refused, by errno");
        _resyncs = _meter.CreateCounter<long>("evpnd.kernel.resyncs", "{resync}", "full resynchronisations with the kernel, by reason (start, overrun, ...)");
        // Seconds, from half a millisecond (an idle kernel) to half a minute (a million MACs behind
        // the rtnl lock): the SDK's default buckets are for milliseconds.
        _installLatency = _meter.CreateHistogram("evpnd.kernel.install.latency", "s",
            "time from an UPDATE's receipt to the kernel's ACK of its remote MAC, one sample per installed MAC",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_latencyBuckets });
        if (_kernel is not null)
        {
            _meter.CreateObservableGauge("evpnd.kernel.entries", KernelEntries, "{entry}", "entries evpnd owns in the kernel, by VNI and kind (flood, mac, neighbor)");
        }
    }

    /// <summary>
    /// Remote MACs the kernel ACKed, <paramref name="count"/> of them received <paramref name="latency"/>
    /// ago (called on the kernel worker's thread, once per run of MACs): one sample each, without tags,
    /// so that nothing is allocated however many there are.
    /// </summary>
    public void RemoteMacsInstalled(TimeSpan latency, int count)
    {
        var seconds = latency.TotalSeconds;
        for (var i = 0; i < count; i++)
        {
            _installLatency.Record(seconds);
        }
    }

    /// <summary>Counts what passes from the kernel worker to the EVPN worker (called on the kernel worker's thread).</summary>
    public void KernelEvent(KernelEvent e)
    {
        switch (e)
        {
            case ProgrammingFailed failed:
                _netlinkErrors.Add(1, new KeyValuePair<string, object?>("errno", failed.Failure.Errno));
                break;
            case KernelResynchronised resync:
                _resyncs.Add(1, new KeyValuePair<string, object?>("reason", resync.Reason));
                if (resync.Result.Failures.Count > 0)
                {
                    foreach (var failure in resync.Result.Failures)
                    {
                        _netlinkErrors.Add(1, new KeyValuePair<string, object?>("errno", failure.Errno));
                    }
                }
                break;
        }
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> SessionsByState()
    {
        var neighbors = _neighbors();
        foreach (var state in s_states)
        {
            yield return new Measurement<int>(neighbors.Count(n => n.State == state), new KeyValuePair<string, object?>("state", state));
        }
    }

    private IEnumerable<Measurement<long>> Messages(Func<NeighborStatus, MessageCounters> direction)
    {
        foreach (var n in _neighbors())
        {
            var c = direction(n);
            yield return Message(n, "open", c.Open);
            yield return Message(n, "update", c.Update);
            yield return Message(n, "notification", c.Notification);
            yield return Message(n, "keepalive", c.Keepalive);
            yield return Message(n, "route-refresh", c.RouteRefresh);
        }
    }

    private static Measurement<long> Message(NeighborStatus n, string type, long count) =>
        new(count, Peer(n), new KeyValuePair<string, object?>("type", type));

    private IEnumerable<Measurement<int>> PerPeer(Func<NeighborStatus, int> value) =>
        _neighbors().Select(n => new Measurement<int>(value(n), Peer(n)));

    private IEnumerable<Measurement<int>> Routes() =>
        Evpn()?.Routes.Select(r => new Measurement<int>(r.Count,
            Vni(r.Vni.Value),
            new KeyValuePair<string, object?>("type", (int)r.Type),
            new KeyValuePair<string, object?>("origin", r.Origin == EvpnRouteOrigin.Local ? "local" : "imported"),
            new KeyValuePair<string, object?>("peer", r.Peer?.ToString() ?? ""))) ?? [];

    private IEnumerable<Measurement<int>> Macs()
    {
        foreach (var v in Evpn()?.Vnis ?? [])
        {
            yield return new Measurement<int>(v.LocalMacs, Vni(v.Vni.Value), new KeyValuePair<string, object?>("origin", "local"));
            yield return new Measurement<int>(v.RemoteMacs, Vni(v.Vni.Value), new KeyValuePair<string, object?>("origin", "remote"));
        }
    }

    private IEnumerable<Measurement<int>> Duplicates() =>
        Evpn()?.Duplicates.Select(d => new Measurement<int>(d.Duplicates, Vni(d.Vni.Value))) ?? [];

    private IEnumerable<Measurement<int>> PerVni(Func<EvpnVniSnapshot, int> value) =>
        Evpn()?.Vnis.Select(v => new Measurement<int>(value(v), Vni(v.Vni.Value))) ?? [];

    /// <summary>What the kernel worker owns, counted from its record (no FDB dump); nothing when it does not answer in time.</summary>
    private IEnumerable<Measurement<int>> KernelEntries()
    {
        var request = new InspectKernel(null, WithEntries: false, CountsOnly: true);
        KernelInspection inspection;
        try
        {
            using var timeout = new CancellationTokenSource(s_evpnTimeout);
            _kernel!(request, timeout.Token).AsTask().GetAwaiter().GetResult();
            inspection = request.Result.Task.WaitAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or KernelSync.Netlink.NetlinkException or IOException)
        {
            return [];
        }
        return inspection.Vnis.SelectMany(v => new[]
        {
            new Measurement<int>(v.Owned.Flood, Vni(v.Vni.Value), new KeyValuePair<string, object?>("kind", "flood")),
            new Measurement<int>(v.Owned.Macs, Vni(v.Vni.Value), new KeyValuePair<string, object?>("kind", "mac")),
            new Measurement<int>(v.Owned.Neighbors, Vni(v.Vni.Value), new KeyValuePair<string, object?>("kind", "neighbor")),
        });
    }

    private static KeyValuePair<string, object?> Peer(NeighborStatus n) => new("peer", n.Address);

    private static KeyValuePair<string, object?> Vni(uint vni) => new("vni", vni);

    /// <summary>The EVPN worker's counts, at most a second old; null when it does not answer in time (the scrape then lacks them).</summary>
    private EvpnCounts? Evpn()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_evpnCache is { } cached && _time.GetElapsedTime(cached.At, now) < s_evpnFresh)
            {
                return cached.Counts;
            }
            try
            {
                using var timeout = new CancellationTokenSource(s_evpnTimeout);
                var counts = _evpn(timeout.Token).GetAwaiter().GetResult();
                _evpnCache = (counts, now);
                return counts;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }
}
