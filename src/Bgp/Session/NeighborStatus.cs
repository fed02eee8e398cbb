using System.Collections.Immutable;

namespace Evpnd.Bgp.Session;

/// <summary>
/// A snapshot of one neighbor for the CLI (`evpnd show neighbors`); serialised to JSON with
/// camelCase names. What `show bgp summary` / `show bgp neighbors` gives an FRR user.
/// </summary>
public sealed record NeighborStatus
{
    public required string Address { get; init; }
    public string? Description { get; init; }
    /// <summary>Configured remote AS: a number, "internal" or "external".</summary>
    public required string RemoteAs { get; init; }
    /// <summary>The AS the peer announced in its last OPEN, once known.</summary>
    public uint? PeerAs { get; init; }
    public required uint LocalAs { get; init; }
    /// <summary>RFC 4271 state name: Idle, Connect, Active, OpenSent, OpenConfirm, Established.</summary>
    public required string State { get; init; }
    public bool Passive { get; init; }
    /// <summary>Peer's BGP identifier (dotted quad) once an OPEN was received.</summary>
    public string? PeerRouterId { get; init; }
    /// <summary>Seconds since the session entered (or left) Established; null if never.</summary>
    public long? UptimeSeconds { get; init; }
    public DateTimeOffset? EstablishedAt { get; init; }
    public int EstablishedTransitions { get; init; }
    public ushort? NegotiatedHoldTime { get; init; }
    public ushort? NegotiatedKeepalive { get; init; }
    /// <summary>Families both sides advertised, e.g. "l2vpn-evpn".</summary>
    public ImmutableArray<string> Families { get; init; } = [];
    /// <summary>Capabilities the peer advertised, by name (e.g. "route-refresh", "4-octet-as").</summary>
    public ImmutableArray<string> PeerCapabilities { get; init; } = [];
    public ImmutableArray<string> LocalCapabilities { get; init; } = [];
    public required MessageCounters MessagesIn { get; init; }
    public required MessageCounters MessagesOut { get; init; }
    /// <summary>Last error in one line (e.g. "connect: connection refused", "hold timer expired").</summary>
    public string? LastError { get; init; }
    /// <summary>E.g. "2/2 (OPEN Message Error/Bad Peer AS)".</summary>
    public string? LastNotificationSent { get; init; }
    public string? LastNotificationReceived { get; init; }
    public string? LocalEndpoint { get; init; }
    public string? RemoteEndpoint { get; init; }
    /// <summary>Routes the RIB still has to send this peer (its Adj-RIB-Out pending set), while Established.</summary>
    public int? PendingRoutes { get; init; }
    /// <summary>Bytes of UPDATEs handed to the connection and not yet written to the socket, while Established.</summary>
    public long? SendQueueBytes { get; init; }
    /// <summary>Graceful Restart (RFC 4724): advertised, negotiated, stale routes and timers.</summary>
    public GracefulRestartStatus? GracefulRestart { get; init; }
}

/// <summary>Per-type message counters.</summary>
public sealed record MessageCounters
{
    public long Open { get; init; }
    public long Update { get; init; }
    public long Notification { get; init; }
    public long Keepalive { get; init; }
    public long RouteRefresh { get; init; }
    public long Total => Open + Update + Notification + Keepalive + RouteRefresh;
}
