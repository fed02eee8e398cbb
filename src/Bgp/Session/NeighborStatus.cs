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

    /// <summary>A TCP-MD5 password is configured ("password: set"; the password itself is never shown).</summary>
    public bool PasswordSet { get; init; }

    /// <summary>GTSM hops (ttl-security), or null.</summary>
    public int? TtlSecurityHops { get; init; }

    /// <summary>Connections refused because their SYN came from further away than ttl-security allows.</summary>
    public long GtsmRefusals { get; init; }

    /// <summary>The maximum-prefix limit and where the peer stands, or null when none is set.</summary>
    public MaximumPrefixStatus? MaximumPrefix { get; init; }

    /// <summary>Graceful Restart (RFC 4724): advertised, negotiated, stale routes and timers.</summary>
    public GracefulRestartStatus? GracefulRestart { get; init; }
}

/// <summary>A neighbor's maximum-prefix setting and state.</summary>
public sealed record MaximumPrefixStatus
{
    public required uint Limit { get; init; }
    public int WarningThreshold { get; init; }
    public bool WarningOnly { get; init; }
    /// <summary>Minutes before a session torn down for the limit comes back; 0: not until cleared.</summary>
    public int RestartMinutes { get; init; }
    /// <summary>Routes accepted from the peer now, while Established.</summary>
    public int? Accepted { get; init; }
    /// <summary>"ok", "warning" (at or past the threshold), "exceeded" (past the limit: warning-only, or torn down).</summary>
    public required string State { get; init; }
    /// <summary>When a session torn down for the limit may come back; null when it waits for a clear, or is up.</summary>
    public DateTimeOffset? RestartAt { get; init; }
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
