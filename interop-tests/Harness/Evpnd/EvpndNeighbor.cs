namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>
/// One neighbor as `evpnd show neighbor(s) --json` prints it. This is the test side's own reading
/// of the CLI contract (camelCase names); the required members make a renamed or missing field
/// fail the test instead of reading as a default.
/// </summary>
public sealed record EvpndNeighbor
{
    public required string Address { get; init; }

    /// <summary>As configured: a number, "internal" or "external", always a JSON string.</summary>
    public required string RemoteAs { get; init; }

    public long? PeerAs { get; init; }

    public required long LocalAs { get; init; }

    /// <summary>"Idle", "Connect", "Active", "OpenSent", "OpenConfirm" or "Established".</summary>
    public required string State { get; init; }

    public bool Passive { get; init; }

    public string? PeerRouterId { get; init; }

    public long? UptimeSeconds { get; init; }

    public required int EstablishedTransitions { get; init; }

    public int? NegotiatedHoldTime { get; init; }

    public int? NegotiatedKeepalive { get; init; }

    public required string[] Families { get; init; }

    public string[] PeerCapabilities { get; init; } = [];

    public string[] LocalCapabilities { get; init; } = [];

    public required EvpndMessageCounters MessagesIn { get; init; }

    public required EvpndMessageCounters MessagesOut { get; init; }

    public string? LastError { get; init; }

    /// <summary>E.g. "2/2 (OPEN Message Error/Bad Peer AS)".</summary>
    public string? LastNotificationSent { get; init; }

    public string? LastNotificationReceived { get; init; }

    public string? LocalEndpoint { get; init; }

    public string? RemoteEndpoint { get; init; }

    /// <summary>Routes evpnd still has to send this peer, while Established.</summary>
    public int? PendingRoutes { get; init; }

    /// <summary>Bytes of UPDATEs in evpnd's send queue for this peer, while Established.</summary>
    public long? SendQueueBytes { get; init; }

    /// <summary>A TCP-MD5 password is configured (the password itself is never shown).</summary>
    public bool PasswordSet { get; init; }

    public int? TtlSecurityHops { get; init; }

    /// <summary>Connections refused for arriving from further away than ttl-security allows.</summary>
    public long GtsmRefusals { get; init; }

    public EvpndMaximumPrefix? MaximumPrefix { get; init; }

    /// <summary>Graceful Restart state (RFC 4724), null when it is off for the neighbor.</summary>
    public EvpndGracefulRestart? GracefulRestart { get; init; }

    public bool IsEstablished => State == "Established";

    public override string ToString() =>
        $"{Address} {State} transitions={EstablishedTransitions} families=[{string.Join(',', Families)}] " +
        $"hold={NegotiatedHoldTime} keepalives in/out={MessagesIn.Keepalive}/{MessagesOut.Keepalive} " +
        $"pending={PendingRoutes} sendQueue={SendQueueBytes} lastError='{LastError}' notificationSent='{LastNotificationSent}' notificationReceived='{LastNotificationReceived}'";
}
