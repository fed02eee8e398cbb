namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>
/// One neighbor from FRR 8.4's `show bgp neighbors json` (the fields the tests read). The
/// last-reset fields appear once a session has been reset: for a NOTIFICATION FRR sent,
/// lastResetDueTo is "BGP Notification send"; for one it received, "BGP Notification received";
/// lastErrorCodeSubcode is code and subcode as two hex bytes ("0202" = Bad Peer AS) and
/// lastNotificationReason the text ("OPEN Message Error/Bad Peer AS").
/// </summary>
public sealed record FrrNeighbor
{
    /// <summary>The key FRR files the neighbor under (not part of the object itself).</summary>
    public string Address { get; init; } = "";

    public required long RemoteAs { get; init; }

    public long LocalAs { get; init; }

    public required string BgpState { get; init; }

    public string? RemoteRouterId { get; init; }

    public long BgpTimerHoldTimeMsecs { get; init; }

    public long BgpTimerKeepAliveIntervalMsecs { get; init; }

    public int ConnectionsEstablished { get; init; }

    /// <summary>How long the session has been Established (bgpTimerUpMsec), 0 when it is not.</summary>
    public long BgpTimerUpMsec { get; init; }

    public int ConnectionsDropped { get; init; }

    public string? LastResetDueTo { get; init; }

    public int? LastResetCode { get; init; }

    public string? LastErrorCodeSubcode { get; init; }

    public string? LastNotificationReason { get; init; }

    public string? HostLocal { get; init; }

    public int? PortLocal { get; init; }

    public string? HostForeign { get; init; }

    public int? PortForeign { get; init; }

    public FrrNeighborCapabilities? NeighborCapabilities { get; init; }

    public FrrMessageStats MessageStats { get; init; } = new();

    public bool IsEstablished => BgpState == "Established";

    /// <summary>True when both sides advertised L2VPN/EVPN (AFI 25, SAFI 70).</summary>
    public bool EvpnNegotiated =>
        NeighborCapabilities?.MultiprotocolExtensions.TryGetValue("l2VpnEvpn", out FrrAfiCapability? evpn) == true
        && evpn.AdvertisedAndReceived;

    public override string ToString() =>
        $"{Address} {BgpState} established={ConnectionsEstablished} dropped={ConnectionsDropped} " +
        $"lastReset='{LastResetDueTo}' lastNotification='{LastErrorCodeSubcode} {LastNotificationReason}' " +
        $"keepalives in/out={MessageStats.KeepalivesRecv}/{MessageStats.KeepalivesSent}";
}
