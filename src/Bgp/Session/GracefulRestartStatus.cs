namespace Evpnd.Bgp.Session;

/// <summary>
/// A neighbor's Graceful Restart state for the CLI (RFC 4724, RFC 8538): what each side
/// advertised, what was negotiated, and, from the RIB, the peer's stale routes and the timers.
/// </summary>
public sealed record GracefulRestartStatus
{
    /// <summary>On for this neighbor in our configuration (we advertise the capability).</summary>
    public bool Enabled { get; init; }

    /// <summary>Both sides sent the capability on the current (or last) session.</summary>
    public bool Negotiated { get; init; }

    /// <summary>Both sides set the N bit (RFC 8538).</summary>
    public bool NotificationBit { get; init; }

    /// <summary>Our R bit and our F bit for L2VPN/EVPN, as in our last OPEN.</summary>
    public bool LocalRestarting { get; init; }

    public bool LocalForwardingPreserved { get; init; }

    /// <summary>From the peer's last OPEN: its restart time, R bit and F bit for L2VPN/EVPN; null without the capability.</summary>
    public ushort? PeerRestartTime { get; init; }

    public bool? PeerRestarting { get; init; }

    public bool? PeerForwardingPreserved { get; init; }

    /// <summary>Routes from the peer kept as stale (its session dropped, or it is re-sending after a restart).</summary>
    public int StaleRoutes { get; init; }

    /// <summary>Its session is down and we keep its routes as its helper.</summary>
    public bool HelperActive { get; init; }

    /// <summary>Seconds left on the restart timer (until a peer that is not back loses its routes).</summary>
    public long? RestartTimerSeconds { get; init; }

    /// <summary>Seconds left on the stale-routes timer (until routes its End-of-RIB did not replace go).</summary>
    public long? StaleTimerSeconds { get; init; }
}
