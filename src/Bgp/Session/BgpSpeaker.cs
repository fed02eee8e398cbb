using System.Net;
using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Session;

/// <summary>
/// The BGP speaker: one listener and one session driver per configured neighbor. The daemon
/// constructs it from the configuration, starts it, asks it for neighbor status, and stops it
/// with a Cease to every peer.
/// </summary>
public sealed class BgpSpeaker : IAsyncDisposable
{
    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger;
    private readonly IBgpSessionSink? _sink;
    private readonly TimeProvider _time;
    // Replaced whole under _reconfigure, read without a lock (the listener's Find, GetNeighbors).
    private volatile Dictionary<IPAddress, BgpNeighbor> _neighbors = [];
    private volatile BgpNeighbor[] _ordered = [];
    private readonly SemaphoreSlim _reconfigure = new(1, 1);
    private SpeakerConfig _config;
    private BgpListener? _listener;
    private int _started;
    private int _stopped;

    /// <param name="config">Router id, AS, listen endpoint and neighbors.</param>
    /// <param name="logger">Where session events are logged (state changes, NOTIFICATIONs).</param>
    /// <param name="sink">The RIB; null until it exists: UPDATEs are then validated and counted,
    /// and End-of-RIB is sent for every negotiated family when a session comes up.</param>
    /// <param name="time">Clock and timers; <see cref="TimeProvider.System"/> by default.</param>
    public BgpSpeaker(SpeakerConfig config, ILogger logger, IBgpSessionSink? sink = null, TimeProvider? time = null)
    {
        _config = config;
        _logger = logger;
        _sink = sink;
        _time = time ?? TimeProvider.System;
        var neighbors = new Dictionary<IPAddress, BgpNeighbor>();
        foreach (var peer in Normalized(config.Neighbors))
        {
            neighbors.Add(peer.Address, NewNeighbor(peer));
        }
        _neighbors = neighbors;
        _ordered = [.. config.Neighbors.Select(p => neighbors[BgpListener.Normalize(p.Address)])];
    }

    /// <summary>The R and F bits every neighbor's OPEN carries (RFC 4724 s3); set before <see cref="StartAsync"/>.</summary>
    public LocalRestartState RestartState { get; } = new();

    /// <summary>The bound listen endpoint (with the real port when port 0 was configured), or null.</summary>
    public IPEndPoint? ListenEndPoint => _listener?.LocalEndPoint;

    /// <summary>
    /// Binds the listener and starts every neighbor. Throws <see cref="BgpListenException"/>
    /// (one sentence for the operator) when the listen address cannot be bound.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("the speaker is already started");
        }
        if (_config.Listen is { } listen)
        {
            _listener = BgpListener.Start(listen, [.. _ordered.Select(n => n.Config)], Find, _logger);
            _logger.LogInformation("listening on {Endpoint}", _listener.LocalEndPoint);
        }
        foreach (var neighbor in _ordered)
        {
            neighbor.Start();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting, sends Cease 6/2 (Administrative Shutdown) with the RFC 8203
    /// communication to every peer with an open connection, and waits up to
    /// <paramref name="grace"/> (default 2 s) for those NOTIFICATIONs to be flushed.
    /// <paramref name="restarting"/>: the daemon stops to start again; sessions with Graceful
    /// Restart close without a NOTIFICATION so that the peers keep our routes (RFC 4724 s4.2).
    /// </summary>
    public async Task StopAsync(string? shutdownMessage = null, TimeSpan? grace = null, bool restarting = false)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        _listener?.Dispose();
        var wait = grace ?? s_grace;
        await _reconfigure.WaitAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_ordered.Select(n => n.StopAsync(shutdownMessage, wait, restarting: restarting))).ConfigureAwait(false);
        }
        finally
        {
            _reconfigure.Release();
        }
    }

    /// <summary>
    /// Applies a new neighbor list as a difference (a configuration reload): a new neighbor
    /// starts; a removed one gets Cease 6/3 (Peer De-configured, RFC 4486) and its routes go
    /// with its session; one whose session parameters changed is reset with Cease 6/6 (Other
    /// Configuration Change) and comes back with them; a changed description alone touches no
    /// session. Neighbors that did not change keep their sessions. Our router id and AS do not
    /// change here.
    /// </summary>
    /// <exception cref="ArgumentException">A neighbor is listed twice.</exception>
    public async Task<NeighborChanges> ReconfigureAsync(IReadOnlyList<PeerConfig> neighbors)
    {
        var wanted = Normalized(neighbors).ToList();
        await _reconfigure.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _stopped) != 0)
            {
                throw new InvalidOperationException("the speaker is stopped");
            }
            var running = _neighbors;
            var next = new Dictionary<IPAddress, BgpNeighbor>();
            List<IPAddress> added = [], reset = [], relabelled = [], removed = [];
            List<Task> work = [];
            foreach (var peer in wanted)
            {
                if (!running.TryGetValue(peer.Address, out var neighbor))
                {
                    neighbor = NewNeighbor(peer);
                    added.Add(peer.Address);
                }
                else if (!SameSession(neighbor.Config, peer))
                {
                    reset.Add(peer.Address);
                    _logger.LogInformation("neighbor {Peer}: configuration changed; resetting its session", peer.Address);
                    work.Add(neighbor.ResetAsync(CeaseSubcode.OtherConfigurationChange, null, s_grace, SessionSettings.From(_config, peer, RestartState)));
                }
                else if (neighbor.Config.Description != peer.Description)
                {
                    relabelled.Add(peer.Address);
                    neighbor.Relabel(peer.Description);
                }
                next.Add(peer.Address, neighbor);
            }
            foreach (var (address, neighbor) in running)
            {
                if (!next.ContainsKey(address))
                {
                    removed.Add(address);
                    _logger.LogInformation("neighbor {Peer}: removed from the configuration; Cease (peer de-configured)", address);
                    work.Add(neighbor.StopAsync(null, s_grace, CeaseSubcode.PeerDeconfigured));
                }
            }
            _config = _config with { Neighbors = [.. wanted] };
            _neighbors = next;
            _ordered = [.. wanted.Select(p => next[p.Address])];
            await Task.WhenAll(work).ConfigureAwait(false);
            if (Volatile.Read(ref _started) != 0)
            {
                foreach (var address in added)
                {
                    next[address].Start();
                }
            }
            return new NeighborChanges(added, removed, reset, relabelled);
        }
        finally
        {
            _reconfigure.Release();
        }
    }

    /// <summary>
    /// `clear neighbor ADDR`: a hard reset sends Cease 6/4 (Administrative Reset) and starts the
    /// session again; a soft one keeps it and exchanges the routes again (route refresh).
    /// </summary>
    public async Task<ClearOutcome> ClearAsync(IPAddress address, bool soft, CancellationToken cancellationToken = default)
    {
        if (Find(address) is not { } neighbor)
        {
            return ClearOutcome.NotConfigured;
        }
        if (soft)
        {
            return await neighbor.SoftResetAsync(cancellationToken).ConfigureAwait(false) ? ClearOutcome.Refreshed : ClearOutcome.NotEstablished;
        }
        // Cease 6/4 and a new session, also for a neighbor held down by maximum-prefix.
        neighbor.Clear();
        return ClearOutcome.Reset;
    }

    /// <summary>
    /// Resets the Established session with <paramref name="address"/> so that its routes go on
    /// both sides (Cease 6/4 Administrative Reset, sent as RFC 8538 Hard Reset when negotiated).
    /// False when no such neighbor is Established.
    /// </summary>
    public bool HardReset(IPAddress address, string? communication = null) =>
        Find(address)?.HardReset(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeReset, communication)) == true;

    /// <summary>A consistent snapshot per neighbor, in configuration order. Thread-safe.</summary>
    public IReadOnlyList<NeighborStatus> GetNeighbors() => [.. _ordered.Select(n => n.GetStatus())];

    /// <summary>The session parameters are the same (a changed description needs no new session).</summary>
    private static bool SameSession(PeerConfig a, PeerConfig b) =>
        a with { Description = null, Families = default } == b with { Description = null, Families = default } && a.Families.SequenceEqual(b.Families);

    private IEnumerable<PeerConfig> Normalized(IReadOnlyList<PeerConfig> neighbors)
    {
        var seen = new HashSet<IPAddress>();
        foreach (var peer in neighbors)
        {
            var address = BgpListener.Normalize(peer.Address);
            if (!seen.Add(address))
            {
                throw new ArgumentException($"neighbor {address} is configured twice", nameof(neighbors));
            }
            yield return peer with { Address = address };
        }
    }

    private BgpNeighbor NewNeighbor(PeerConfig peer) => new(SessionSettings.From(_config, peer, RestartState), _logger, _sink, _time);

    /// <summary>The neighbor configured for <paramref name="address"/> (IPv4-mapped IPv6 accepted), or null.</summary>
    internal BgpNeighbor? Find(IPAddress address) =>
        _neighbors.GetValueOrDefault(BgpListener.Normalize(address));

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
