namespace Evpnd.Bgp.Session;

/// <summary>The timers the FSM starts and stops through actions (RFC 4271 s8, s10).</summary>
public enum SessionTimer
{
    ConnectRetry,
    Hold,
    Keepalive,
    /// <summary>
    /// Restarts the FSM after an error (RFC 4271 s8.1.1 IdleHoldTimer, the optional
    /// DampPeerOscillations attribute): without it a session that failed would stay Idle.
    /// </summary>
    IdleHold,
}
