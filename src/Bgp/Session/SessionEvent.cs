using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// An input to <see cref="SessionFsm"/> (RFC 4271 s8.1). Events without data are singletons so
/// that feeding a KEEPALIVE or UPDATE allocates nothing.
/// </summary>
internal abstract record SessionEvent
{
    private SessionEvent()
    {
    }

    /// <summary>Event 1: ManualStart.</summary>
    public static readonly SessionEvent ManualStartEvent = new ManualStart();

    /// <summary>Event 3: AutomaticStart.</summary>
    public static readonly SessionEvent AutomaticStartEvent = new AutomaticStart();

    /// <summary>Event 4: ManualStart_with_PassiveTcpEstablishment.</summary>
    public static readonly SessionEvent ManualStartPassiveEvent = new ManualStartPassive();

    /// <summary>Event 5: AutomaticStart_with_PassiveTcpEstablishment.</summary>
    public static readonly SessionEvent AutomaticStartPassiveEvent = new AutomaticStartPassive();

    /// <summary>Event 9: ConnectRetryTimer_Expires.</summary>
    public static readonly SessionEvent ConnectRetryTimerExpiresEvent = new ConnectRetryTimerExpires();

    /// <summary>Event 10: HoldTimer_Expires.</summary>
    public static readonly SessionEvent HoldTimerExpiresEvent = new HoldTimerExpires();

    /// <summary>Event 11: KeepaliveTimer_Expires.</summary>
    public static readonly SessionEvent KeepaliveTimerExpiresEvent = new KeepaliveTimerExpires();

    /// <summary>Event 13: IdleHoldTimer_Expires.</summary>
    public static readonly SessionEvent IdleHoldTimerExpiresEvent = new IdleHoldTimerExpires();

    /// <summary>Event 29 (RFC 9687 s4): SendHoldTimer_Expires.</summary>
    public static readonly SessionEvent SendHoldTimerExpiresEvent = new SendHoldTimerExpires();

    /// <summary>Event 16: Tcp_CR_Acked (our outgoing connection is up).</summary>
    public static readonly SessionEvent TcpCrAckedEvent = new TcpCrAcked();

    /// <summary>Event 17: TcpConnectionConfirmed (we accepted the peer's connection).</summary>
    public static readonly SessionEvent TcpConnectionConfirmedEvent = new TcpConnectionConfirmed();

    /// <summary>Event 18: TcpConnectionFails.</summary>
    public static readonly SessionEvent TcpConnectionFailsEvent = new TcpConnectionFails();

    /// <summary>Event 23: OpenCollisionDump (this connection lost the s6.8 collision).</summary>
    public static readonly SessionEvent OpenCollisionDumpEvent = new OpenCollisionDump();

    /// <summary>Event 26: KeepAliveMsg.</summary>
    public static readonly SessionEvent KeepAliveMsgEvent = new KeepAliveMsg();

    /// <summary>Event 27: UpdateMsg (a valid UPDATE; its content goes to the RIB, not here).</summary>
    public static readonly SessionEvent UpdateMsgEvent = new UpdateMsg();

    /// <summary>A ROUTE-REFRESH (RFC 2918); not an RFC 4271 event, handled like UpdateMsg for timers.</summary>
    public static readonly SessionEvent RouteRefreshMsgEvent = new RouteRefreshMsg();

    /// <summary>Event 1: ManualStart.</summary>
    public sealed record ManualStart : SessionEvent;

    /// <summary>
    /// Event 2: ManualStop, with an optional RFC 8203 shutdown communication and the Cease subcode
    /// that says why (RFC 4486: 2 shutdown, 3 peer de-configured, 4 reset, 6 configuration change).
    /// <paramref name="Restarting"/>: we stop to start again, so a peer with Graceful Restart is to
    /// keep our routes (no NOTIFICATION); otherwise the Cease flushes them (Hard Reset with RFC 8538).
    /// </summary>
    public sealed record ManualStop(string? Communication = null, byte Subcode = CeaseSubcode.AdministrativeShutdown, bool Restarting = false) : SessionEvent;

    /// <summary>
    /// Not an RFC 4271 event: the session must end and the routes on both sides go (RFC 8538 s3;
    /// an administrative reset, maximum prefixes). Sent as Hard Reset when the N bit was negotiated.
    /// </summary>
    public sealed record HardReset(NotificationMessage Notification) : SessionEvent;

    /// <summary>Event 3: AutomaticStart.</summary>
    public sealed record AutomaticStart : SessionEvent;

    /// <summary>
    /// Event 8: AutomaticStop, here the peer went past its maximum-prefix limit: send
    /// <paramref name="Notification"/> and go Idle; restart after <paramref name="RestartAfter"/>,
    /// or, when null, only on a ManualStart (an operator's clear).
    /// </summary>
    public sealed record AutomaticStop(NotificationMessage Notification, string Reason, TimeSpan? RestartAfter) : SessionEvent;

    /// <summary>Event 4: ManualStart_with_PassiveTcpEstablishment.</summary>
    public sealed record ManualStartPassive : SessionEvent;

    /// <summary>Event 5: AutomaticStart_with_PassiveTcpEstablishment.</summary>
    public sealed record AutomaticStartPassive : SessionEvent;

    /// <summary>Event 9: ConnectRetryTimer_Expires.</summary>
    public sealed record ConnectRetryTimerExpires : SessionEvent;

    /// <summary>Event 10: HoldTimer_Expires.</summary>
    public sealed record HoldTimerExpires : SessionEvent;

    /// <summary>Event 11: KeepaliveTimer_Expires.</summary>
    public sealed record KeepaliveTimerExpires : SessionEvent;

    /// <summary>Event 13: IdleHoldTimer_Expires.</summary>
    public sealed record IdleHoldTimerExpires : SessionEvent;

    /// <summary>Event 29 (RFC 9687 s4): SendHoldTimer_Expires, nothing could be written for the send hold time.</summary>
    public sealed record SendHoldTimerExpires : SessionEvent;

    /// <summary>Event 16: Tcp_CR_Acked.</summary>
    public sealed record TcpCrAcked : SessionEvent;

    /// <summary>Event 17: TcpConnectionConfirmed.</summary>
    public sealed record TcpConnectionConfirmed : SessionEvent;

    /// <summary>Event 18: TcpConnectionFails (connect failed, or the connection closed or broke).</summary>
    public sealed record TcpConnectionFails(string? Reason = null) : SessionEvent;

    /// <summary>Event 19: BGPOpen. The FSM runs the OPEN checks (s6.2) and answers BGPOpenMsgErr itself.</summary>
    public sealed record BgpOpen(OpenMessage Message) : SessionEvent;

    /// <summary>Event 21: BGPHeaderErr, carrying the NOTIFICATION to send (code 1).</summary>
    public sealed record BgpHeaderErr(NotificationMessage Notification) : SessionEvent;

    /// <summary>Event 22: BGPOpenMsgErr found by the decoder, carrying the NOTIFICATION to send (code 2).</summary>
    public sealed record BgpOpenMsgErr(NotificationMessage Notification) : SessionEvent;

    /// <summary>Event 23: OpenCollisionDump.</summary>
    public sealed record OpenCollisionDump : SessionEvent;

    /// <summary>
    /// A NOTIFICATION from the peer: event 24 NotifMsgVerErr when it is 2/1 (Unsupported Version),
    /// otherwise event 25 NotifMsg. The FSM tells them apart.
    /// </summary>
    public sealed record NotifMsg(NotificationMessage Notification) : SessionEvent;

    /// <summary>Event 26: KeepAliveMsg.</summary>
    public sealed record KeepAliveMsg : SessionEvent;

    /// <summary>Event 27: UpdateMsg.</summary>
    public sealed record UpdateMsg : SessionEvent;

    /// <summary>Event 28: UpdateMsgErr, carrying the NOTIFICATION to send (RFC 7606 session reset).</summary>
    public sealed record UpdateMsgErr(NotificationMessage Notification) : SessionEvent;

    /// <summary>ROUTE-REFRESH received (RFC 2918).</summary>
    public sealed record RouteRefreshMsg : SessionEvent;
}
