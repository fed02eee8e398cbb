using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// An output of <see cref="SessionFsm"/>: what the connection driver must do, in order.
/// Timers are actions too, so the FSM never reads a clock.
/// </summary>
internal abstract record SessionAction
{
    private SessionAction()
    {
    }

    public static readonly SessionAction ConnectAction = new Connect();
    public static readonly SessionAction CloseConnectionAction = new CloseConnection();
    public static readonly SessionAction SendKeepaliveAction = new SendKeepalive();

    /// <summary>Initiate the outgoing TCP connection.</summary>
    public sealed record Connect : SessionAction;

    /// <summary>Drop the TCP connection (after flushing whatever was sent before).</summary>
    public sealed record CloseConnection : SessionAction;

    /// <summary>Send our OPEN.</summary>
    public sealed record SendOpen(OpenMessage Message) : SessionAction;

    /// <summary>Send a KEEPALIVE.</summary>
    public sealed record SendKeepalive : SessionAction;

    /// <summary>Send a NOTIFICATION.</summary>
    public sealed record SendNotification(NotificationMessage Message) : SessionAction;

    /// <summary>(Re)start a timer to fire after <paramref name="Duration"/>.</summary>
    public sealed record StartTimer(SessionTimer Timer, TimeSpan Duration) : SessionAction;

    /// <summary>Stop a timer (no-op when it is not running).</summary>
    public sealed record StopTimer(SessionTimer Timer) : SessionAction;

    /// <summary>The session reached Established with this negotiated result.</summary>
    public sealed record SessionEstablished(NegotiatedSession Session) : SessionAction;

    /// <summary>
    /// The session left Established. <paramref name="Graceful"/>: Graceful Restart applies (RFC 4724
    /// s4.2, RFC 8538 s4), the peer's routes stay as stale; otherwise they must go.
    /// </summary>
    public sealed record SessionDown(string Reason, bool Graceful = false) : SessionAction;
}
