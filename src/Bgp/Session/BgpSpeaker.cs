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
    private readonly SpeakerConfig _config;
    private readonly ILogger _logger;
    private readonly Dictionary<IPAddress, BgpNeighbor> _neighbors = [];
    private readonly List<BgpNeighbor> _ordered = [];
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
        time ??= TimeProvider.System;
        foreach (var peer in config.Neighbors)
        {
            var address = BgpListener.Normalize(peer.Address);
            if (_neighbors.ContainsKey(address))
            {
                throw new ArgumentException($"neighbor {address} is configured twice", nameof(config));
            }
            var neighbor = new BgpNeighbor(SessionSettings.From(config, peer with { Address = address }, RestartState), logger, sink, time);
            _neighbors.Add(address, neighbor);
            _ordered.Add(neighbor);
        }
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
        var wait = grace ?? TimeSpan.FromSeconds(2);
        await Task.WhenAll(_ordered.Select(n => n.StopAsync(shutdownMessage, wait, restarting))).ConfigureAwait(false);
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

    /// <summary>The neighbor configured for <paramref name="address"/> (IPv4-mapped IPv6 accepted), or null.</summary>
    internal BgpNeighbor? Find(IPAddress address) =>
        _neighbors.GetValueOrDefault(BgpListener.Normalize(address));

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
