namespace Evpnd.Bgp.Session;

/// <summary>The timers the FSM starts and stops through actions (RFC 4271 s8, s10).</summary>
internal enum SessionTimer
{
    ConnectRetry,
    Hold,
    Keepalive,
    /// <summary>
    /// Restarts the FSM after an error (RFC 4271 s8.1.1 IdleHoldTimer, the optional
    /// DampPeerOscillations attribute): without it a session that failed would stay Idle.
    /// </summary>
    IdleHold,
    /// <summary>
    /// RFC 9687: how long we may fail to write to the peer before we close. The FSM starts and
    /// stops it; the driver, which alone sees the socket, turns an expiry into event 29 only when a
    /// write really made no progress for the whole time.
    /// </summary>
    SendHold,
}
