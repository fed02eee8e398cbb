using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// The RFC 4271 s8.2.2 state machine for one connection to one peer. It does no I/O and reads no
/// clock: <see cref="Handle"/> takes an event and returns the actions the driver must perform,
/// in order (RustyBGP fsm.rs style). Not thread-safe; the driver serialises events.
/// </summary>
/// <remarks>
/// Optional session attributes: PassiveTcpEstablishment (the Passive neighbor setting) and
/// DampPeerOscillations (an IdleHoldTimer that restarts the FSM after an error, doubling with each
/// consecutive failure), and AllowAutomaticStop for the maximum-prefix limit only. DelayOpen, CollisionDetectEstablishedState and
/// SendNOTIFICATIONwithoutOPEN are off. Collision detection between two connections (s6.8) is
/// decided by <see cref="CollisionResolver"/> in the driver, which then feeds OpenCollisionDump.
/// </remarks>
internal sealed class SessionFsm
{
    private static readonly SessionAction s_stopConnectRetry = new SessionAction.StopTimer(SessionTimer.ConnectRetry);
    private static readonly SessionAction s_stopHold = new SessionAction.StopTimer(SessionTimer.Hold);
    private static readonly SessionAction s_stopKeepalive = new SessionAction.StopTimer(SessionTimer.Keepalive);
    private static readonly SessionAction s_stopIdleHold = new SessionAction.StopTimer(SessionTimer.IdleHold);
    private static readonly SessionAction s_stopSendHold = new SessionAction.StopTimer(SessionTimer.SendHold);
    private static readonly SessionAction s_largeHold = new SessionAction.StartTimer(SessionTimer.Hold, SessionSettings.LargeHoldTime);

    private readonly SessionSettings _settings;
    private readonly SessionAction _startConnectRetry;
    private OpenMessage _localOpen;
    private readonly SessionAction _startSendHoldOpenSent;
    private readonly List<SessionAction> _actions = new(8);
    private SessionAction? _restartHold;
    private SessionAction? _restartKeepalive;
    private bool _automaticStartPending;

    public SessionFsm(SessionSettings settings)
    {
        _settings = settings;
        _localOpen = settings.BuildOpen();
        _startConnectRetry = new SessionAction.StartTimer(SessionTimer.ConnectRetry, TimeSpan.FromSeconds(settings.Peer.ConnectRetry));
        _startSendHoldOpenSent = new SessionAction.StartTimer(SessionTimer.SendHold, settings.SendHoldTimeFor((int)SessionSettings.LargeHoldTime.TotalSeconds));
    }

    public SessionState State { get; private set; } = SessionState.Idle;

    /// <summary>RFC 4271 s8: counts failures since the last ManualStart or Established.</summary>
    public int ConnectRetryCounter { get; private set; }

    /// <summary>The OPEN we send (built again for each connection: its Graceful Restart bits change).</summary>
    public OpenMessage LocalOpen => _localOpen;

    /// <summary>The negotiated result once the peer's OPEN was accepted (OpenConfirm and Established).</summary>
    public NegotiatedSession? Negotiated { get; private set; }

    /// <summary>The peer's OPEN, once received (kept for display after the session goes down).</summary>
    public OpenMessage? PeerOpen { get; private set; }

    /// <summary>True once a start event was handled and no ManualStop since: the FSM restarts itself after errors.</summary>
    public bool Started { get; private set; }

    /// <summary>
    /// Idle after an AutomaticStop, until its restart time passed or a ManualStart: the driver
    /// refuses the peer's connections meanwhile (FRR's "Idle (PfxCt)").
    /// </summary>
    public bool HeldDown { get; private set; }

    /// <summary>
    /// Handles one event. The returned list is owned by the FSM and valid until the next call;
    /// the driver executes it in order.
    /// </summary>
    public IReadOnlyList<SessionAction> Handle(SessionEvent ev)
    {
        _actions.Clear();
        switch (State)
        {
            case SessionState.Idle:
                HandleIdle(ev);
                break;
            case SessionState.Connect:
                HandleConnect(ev);
                break;
            case SessionState.Active:
                HandleActive(ev);
                break;
            case SessionState.OpenSent:
                HandleOpenSent(ev);
                break;
            case SessionState.OpenConfirm:
                HandleOpenConfirm(ev);
                break;
            case SessionState.Established:
                HandleEstablished(ev);
                break;
        }
        return _actions;
    }

    // s8.2.2 Idle: start events begin a session; everything else is ignored.
    private void HandleIdle(SessionEvent ev)
    {
        switch (ev)
        {
            case SessionEvent.ManualStart:
                Started = true;
                ConnectRetryCounter = 0;
                StartFromIdle(_settings.Peer.Passive);
                break;
            case SessionEvent.AutomaticStart when !HeldDown:
                Started = true;
                StartFromIdle(_settings.Peer.Passive);
                break;
            case SessionEvent.ManualStartPassive:
                Started = true;
                ConnectRetryCounter = 0;
                StartFromIdle(passive: true);
                break;
            case SessionEvent.AutomaticStartPassive when !HeldDown:
                Started = true;
                StartFromIdle(passive: true);
                break;
            case SessionEvent.ManualStop when Started:
                // Cancels a pending automatic restart.
                Started = false;
                _automaticStartPending = false;
                _actions.Add(s_stopIdleHold);
                break;
            case SessionEvent.IdleHoldTimerExpires when _automaticStartPending:
                // DampPeerOscillations: the IdleHoldTimer delivers the AutomaticStart.
                _automaticStartPending = false;
                StartFromIdle(_settings.Peer.Passive);
                break;
        }
    }

    private void StartFromIdle(bool passive)
    {
        HeldDown = false;
        _actions.Add(s_stopIdleHold);
        _automaticStartPending = false;
        _actions.Add(_startConnectRetry);
        if (passive)
        {
            State = SessionState.Active;
        }
        else
        {
            _actions.Add(SessionAction.ConnectAction);
            State = SessionState.Connect;
        }
    }

    // s8.2.2 Connect.
    private void HandleConnect(SessionEvent ev)
    {
        switch (ev)
        {
            case SessionEvent.ManualStart or SessionEvent.AutomaticStart or SessionEvent.ManualStartPassive or SessionEvent.AutomaticStartPassive:
                break;
            case SessionEvent.ManualStop:
                _actions.Add(SessionAction.CloseConnectionAction);
                ToIdleStopped();
                break;
            case SessionEvent.ConnectRetryTimerExpires:
                _actions.Add(SessionAction.CloseConnectionAction);
                _actions.Add(_startConnectRetry);
                _actions.Add(SessionAction.ConnectAction);
                break;
            case SessionEvent.TcpCrAcked or SessionEvent.TcpConnectionConfirmed:
                SendOpenAndWait();
                break;
            case SessionEvent.TcpConnectionFails:
                // RFC 4271 says Idle here; we wait in Active instead (as the DelayOpen branch of
                // the same transition does): the ConnectRetryTimer keeps running and drives the
                // next attempt at the configured pace, and the peer may still connect to us.
                _actions.Add(SessionAction.CloseConnectionAction);
                State = SessionState.Active;
                break;
            default:
                // Events 8, 10-11, 13, 19-28: not expected before an OPEN was sent.
                _actions.Add(SessionAction.CloseConnectionAction);
                ConnectRetryCounter++;
                ToIdleAfterError();
                break;
        }
    }

    // s8.2.2 Active.
    private void HandleActive(SessionEvent ev)
    {
        switch (ev)
        {
            case SessionEvent.ManualStart or SessionEvent.AutomaticStart or SessionEvent.ManualStartPassive or SessionEvent.AutomaticStartPassive:
                break;
            case SessionEvent.ManualStop:
                _actions.Add(SessionAction.CloseConnectionAction);
                ToIdleStopped();
                break;
            case SessionEvent.ConnectRetryTimerExpires:
                _actions.Add(_startConnectRetry);
                if (!_settings.Peer.Passive)
                {
                    _actions.Add(SessionAction.ConnectAction);
                    State = SessionState.Connect;
                }
                break;
            case SessionEvent.TcpCrAcked or SessionEvent.TcpConnectionConfirmed:
                SendOpenAndWait();
                break;
            case SessionEvent.TcpConnectionFails:
                _actions.Add(SessionAction.CloseConnectionAction);
                ConnectRetryCounter++;
                ToIdleAfterError();
                break;
            default:
                // Events 8, 10-11, 13, 19-28: not expected before an OPEN was sent.
                _actions.Add(SessionAction.CloseConnectionAction);
                ConnectRetryCounter++;
                ToIdleAfterError();
                break;
        }
    }

    private void SendOpenAndWait()
    {
        _actions.Add(s_stopConnectRetry);
        _localOpen = _settings.BuildOpen();
        _actions.Add(new SessionAction.SendOpen(_localOpen));
        _actions.Add(s_largeHold);
        // RFC 9687 s4: the send hold timer covers OpenSent, OpenConfirm and Established.
        _actions.Add(_startSendHoldOpenSent);
        State = SessionState.OpenSent;
    }

    /// <summary>An error this side detected: NOTIFICATION, close, count it, back to Idle (s8.2.2).</summary>
    private void FailWith(NotificationMessage notification)
    {
        SendNotificationAndClose(notification);
        ConnectRetryCounter++;
        ToIdleAfterError();
    }

    // s8.2.2 OpenSent.
    private void HandleOpenSent(SessionEvent ev)
    {
        switch (ev)
        {
            case SessionEvent.ManualStart or SessionEvent.AutomaticStart or SessionEvent.ManualStartPassive or SessionEvent.AutomaticStartPassive:
            case SessionEvent.TcpCrAcked or SessionEvent.TcpConnectionConfirmed:
                // A second connection is a collision, tracked by the driver with a second FSM.
                break;
            case SessionEvent.ManualStop stop:
                SendNotificationAndClose(NotificationMessage.Shutdown(stop.Subcode, stop.Communication));
                ToIdleStopped();
                break;
            case SessionEvent.HoldTimerExpires:
                FailWith(new NotificationMessage(NotificationCode.HoldTimerExpired, 0));
                break;
            case SessionEvent.SendHoldTimerExpires:
                // RFC 9687 s4: best effort, the socket is full; the connection closes regardless.
                FailWith(new NotificationMessage(NotificationCode.SendHoldTimerExpired, 0));
                break;
            case SessionEvent.TcpConnectionFails:
                _actions.Add(SessionAction.CloseConnectionAction);
                _actions.Add(s_stopHold);
                _actions.Add(s_stopSendHold);
                _actions.Add(_startConnectRetry);
                State = SessionState.Active;
                break;
            case SessionEvent.BgpOpen open:
                AcceptOpen(open.Message);
                break;
            case SessionEvent.BgpHeaderErr err:
                FailWith(err.Notification);
                break;
            case SessionEvent.BgpOpenMsgErr err:
                FailWith(err.Notification);
                break;
            case SessionEvent.OpenCollisionDump:
                FailWith(new NotificationMessage(NotificationCode.Cease, CeaseSubcode.ConnectionCollisionResolution));
                break;
            case SessionEvent.HardReset reset:
                // No routes yet: an ordinary Cease.
                FailWith(reset.Notification);
                break;
            case SessionEvent.NotifMsg notif:
                // Events 24/25. RFC 4271 answers event 25 here with an FSM Error NOTIFICATION; the
                // peer has already closed after sending its NOTIFICATION (s6), so we just close.
                CloseAfterPeerNotification(notif.Notification);
                break;
            default:
                // Events 9, 11-13, 20, 26-28: FSM Error, Unexpected Message in OpenSent (RFC 6608).
                FailWith(new NotificationMessage(NotificationCode.FiniteStateMachineError, FsmErrorSubcode.UnexpectedMessageInOpenSent));
                break;
        }
    }

    private void AcceptOpen(OpenMessage open)
    {
        PeerOpen = open;
        if (OpenNegotiation.Check(open, _settings) is { } error)
        {
            // Event 22 BGPOpenMsgErr.
            FailWith(error);
            return;
        }
        var negotiated = OpenNegotiation.Negotiate(_localOpen, open, _settings);
        if (negotiated.Families.IsEmpty)
        {
            // A session would carry nothing: RFC 5492 s3, as FRR does.
            FailWith(OpenNegotiation.NoCommonFamily(_localOpen));
            return;
        }
        Negotiated = negotiated;
        _actions.Add(s_stopConnectRetry);
        _actions.Add(SessionAction.SendKeepaliveAction);
        if (negotiated.HoldTime != 0)
        {
            _restartHold = new SessionAction.StartTimer(SessionTimer.Hold, TimeSpan.FromSeconds(negotiated.HoldTime));
            _restartKeepalive = new SessionAction.StartTimer(SessionTimer.Keepalive, TimeSpan.FromSeconds(negotiated.KeepaliveTime));
            _actions.Add(_restartKeepalive);
            _actions.Add(_restartHold);
            _actions.Add(new SessionAction.StartTimer(SessionTimer.SendHold, _settings.SendHoldTimeFor(negotiated.HoldTime)));
        }
        else
        {
            // s8.2.2: a negotiated hold time of zero means neither timer runs, and RFC 9687 s3
            // stops the send hold timer with them.
            _restartHold = null;
            _restartKeepalive = null;
            _actions.Add(s_stopHold);
            _actions.Add(s_stopSendHold);
        }
        State = SessionState.OpenConfirm;
    }

    // s8.2.2 OpenConfirm.
    private void HandleOpenConfirm(SessionEvent ev)
    {
        switch (ev)
        {
            case SessionEvent.ManualStart or SessionEvent.AutomaticStart or SessionEvent.ManualStartPassive or SessionEvent.AutomaticStartPassive:
            case SessionEvent.TcpCrAcked or SessionEvent.TcpConnectionConfirmed:
                break;
            case SessionEvent.ManualStop stop:
                SendNotificationAndClose(NotificationMessage.Shutdown(stop.Subcode, stop.Communication));
                ToIdleStopped();
                break;
            case SessionEvent.HoldTimerExpires:
                FailWith(new NotificationMessage(NotificationCode.HoldTimerExpired, 0));
                break;
            case SessionEvent.SendHoldTimerExpires:
                FailWith(new NotificationMessage(NotificationCode.SendHoldTimerExpired, 0));
                break;
            case SessionEvent.KeepaliveTimerExpires:
                SendKeepalive();
                break;
            case SessionEvent.TcpConnectionFails:
                _actions.Add(SessionAction.CloseConnectionAction);
                ConnectRetryCounter++;
                ToIdleAfterError();
                break;
            case SessionEvent.NotifMsg notif:
                CloseAfterPeerNotification(notif.Notification);
                break;
            case SessionEvent.BgpHeaderErr err:
                FailWith(err.Notification);
                break;
            case SessionEvent.BgpOpenMsgErr err:
                FailWith(err.Notification);
                break;
            case SessionEvent.OpenCollisionDump:
                FailWith(new NotificationMessage(NotificationCode.Cease, CeaseSubcode.ConnectionCollisionResolution));
                break;
            case SessionEvent.HardReset reset:
                // No routes yet: an ordinary Cease.
                FailWith(reset.Notification);
                break;
            case SessionEvent.KeepAliveMsg:
                if (_restartHold is not null)
                {
                    _actions.Add(_restartHold);
                }
                ConnectRetryCounter = 0;
                State = SessionState.Established;
                _actions.Add(new SessionAction.SessionEstablished(Negotiated!));
                break;
            default:
                // Events 9, 12-13, 19 (an OPEN on this connection again), 20, 27, 28.
                FailWith(new NotificationMessage(NotificationCode.FiniteStateMachineError, FsmErrorSubcode.UnexpectedMessageInOpenConfirm));
                break;
        }
    }

    // s8.2.2 Established.
    private void HandleEstablished(SessionEvent ev)
    {
        switch (ev)
        {
            case SessionEvent.ManualStart or SessionEvent.AutomaticStart or SessionEvent.ManualStartPassive or SessionEvent.AutomaticStartPassive:
            case SessionEvent.TcpCrAcked or SessionEvent.TcpConnectionConfirmed:
                break;
            case SessionEvent.KeepAliveMsg or SessionEvent.UpdateMsg or SessionEvent.RouteRefreshMsg:
                // Events 26/27: restart the HoldTimer (when the negotiated hold time is not zero).
                if (_restartHold is not null)
                {
                    _actions.Add(_restartHold);
                }
                break;
            case SessionEvent.KeepaliveTimerExpires:
                SendKeepalive();
                break;
            case SessionEvent.ManualStop { Restarting: true } when Negotiated!.GracefulRestart:
                // We stop to start again: close without a NOTIFICATION, which the peer takes for a
                // restart (RFC 4724 s4.2) whether or not it speaks RFC 8538, and keeps our routes.
                _actions.Add(SessionAction.CloseConnectionAction);
                ToIdleStopped("restarting (graceful restart: peers keep our routes)");
                break;
            case SessionEvent.ManualStop stop:
                SendNotificationAndClose(HardResetIfNegotiated(NotificationMessage.Shutdown(stop.Subcode, stop.Communication)));
                ToIdleStopped(stop.Subcode switch
                {
                    CeaseSubcode.PeerDeconfigured => "peer de-configured",
                    CeaseSubcode.AdministrativeReset => "administratively reset",
                    CeaseSubcode.OtherConfigurationChange => "configuration changed",
                    _ => "administratively shut down",
                });
                break;
            case SessionEvent.HardReset reset:
                // RFC 8538 s3: a Cease that must flush the peer's routes on both sides.
                SendNotificationAndClose(HardResetIfNegotiated(reset.Notification));
                ConnectRetryCounter++;
                ToIdleAfterError($"sent NOTIFICATION {reset.Notification}");
                break;
            case SessionEvent.HoldTimerExpires:
                // The peer may be restarting without having closed the connection: Graceful
                // Restart applies to a hold timer expiry as to a TCP reset.
                SendNotificationAndClose(new NotificationMessage(NotificationCode.HoldTimerExpired, 0));
                ConnectRetryCounter++;
                ToIdleAfterError("hold timer expired", Negotiated!.GracefulRestart);
                break;
            case SessionEvent.SendHoldTimerExpires:
                SendNotificationAndClose(new NotificationMessage(NotificationCode.SendHoldTimerExpired, 0));
                ConnectRetryCounter++;
                ToIdleAfterError("send hold timer expired", Negotiated!.GracefulRestart);
                break;
            case SessionEvent.OpenCollisionDump:
                SendNotificationAndClose(new NotificationMessage(NotificationCode.Cease, CeaseSubcode.ConnectionCollisionResolution));
                ConnectRetryCounter++;
                ToIdleAfterError("connection collision resolution");
                break;
            case SessionEvent.AutomaticStop stop:
                // RFC 4271 s8.2.2 Established, event 8: NOTIFICATION with a Cease, close, Idle. The
                // restart waits for its own time, not the IdleHoldTimer's back-off.
                SendNotificationAndClose(HardResetIfNegotiated(stop.Notification));
                StopSessionTimers();
                _actions.Add(s_stopConnectRetry);
                State = SessionState.Idle;
                _actions.Add(new SessionAction.SessionDown(stop.Reason));
                HeldDown = true;
                if (stop.RestartAfter is { } restart)
                {
                    _automaticStartPending = true;
                    _actions.Add(new SessionAction.StartTimer(SessionTimer.IdleHold, restart));
                }
                else
                {
                    Started = false;
                    _automaticStartPending = false;
                    _actions.Add(s_stopIdleHold);
                }
                break;
            case SessionEvent.TcpConnectionFails fails:
                _actions.Add(SessionAction.CloseConnectionAction);
                ConnectRetryCounter++;
                ToIdleAfterError(fails.Reason ?? "connection closed", Negotiated!.GracefulRestart);
                break;
            case SessionEvent.NotifMsg notif:
                CloseAfterPeerNotification(notif.Notification);
                break;
            case SessionEvent.UpdateMsgErr err:
                SendNotificationAndClose(err.Notification);
                ConnectRetryCounter++;
                ToIdleAfterError($"sent NOTIFICATION {err.Notification}", Negotiated!.GracefulNotification);
                break;
            case SessionEvent.BgpHeaderErr err:
                SendNotificationAndClose(err.Notification);
                ConnectRetryCounter++;
                ToIdleAfterError($"sent NOTIFICATION {err.Notification}", Negotiated!.GracefulNotification);
                break;
            default:
                // Events 9, 12, 13, 19, 20, 22.
                var fsmError = new NotificationMessage(NotificationCode.FiniteStateMachineError, FsmErrorSubcode.UnexpectedMessageInEstablished);
                SendNotificationAndClose(fsmError);
                ConnectRetryCounter++;
                ToIdleAfterError($"sent NOTIFICATION {fsmError}", Negotiated!.GracefulNotification);
                break;
        }
    }

    private void SendKeepalive()
    {
        _actions.Add(SessionAction.SendKeepaliveAction);
        if (_restartKeepalive is not null)
        {
            _actions.Add(_restartKeepalive);
        }
    }

    private void SendNotificationAndClose(NotificationMessage notification)
    {
        _actions.Add(new SessionAction.SendNotification(notification));
        _actions.Add(SessionAction.CloseConnectionAction);
    }

    private void CloseAfterPeerNotification(NotificationMessage notification)
    {
        _actions.Add(SessionAction.CloseConnectionAction);
        var wasEstablished = State == SessionState.Established;
        // RFC 8538 s4: with the N bit, a NOTIFICATION other than Hard Reset is a restart, as a TCP
        // reset is; without it, any NOTIFICATION ends Graceful Restart (RFC 4724 s4.2).
        var graceful = wasEstablished && Negotiated!.GracefulNotification &&
            !(notification.Code == NotificationCode.Cease && notification.Subcode == CeaseSubcode.HardReset);
        // Event 24 NotifMsgVerErr does not count as a failure; event 25 NotifMsg does.
        var versionError = notification.Code == NotificationCode.OpenMessageError &&
            notification.Subcode == OpenMessageErrorSubcode.UnsupportedVersionNumber;
        if (!versionError)
        {
            ConnectRetryCounter++;
        }
        ToIdleAfterError(wasEstablished ? $"received NOTIFICATION {notification}" : null, graceful);
    }

    /// <summary>
    /// RFC 8538 s3: with the N bit negotiated, a Cease that must flush the routes (s5.1: maximum
    /// prefixes, administrative shutdown, peer de-configured, administrative reset) goes as Hard
    /// Reset (Cease/9) carrying the original code, subcode and data; without it, as it is.
    /// </summary>
    private NotificationMessage HardResetIfNegotiated(NotificationMessage notification)
    {
        if (Negotiated is not { GracefulNotification: true } || notification.Code != NotificationCode.Cease ||
            notification.Subcode is not (CeaseSubcode.MaximumPrefixesReached or CeaseSubcode.AdministrativeShutdown or
                CeaseSubcode.PeerDeconfigured or CeaseSubcode.AdministrativeReset))
        {
            return notification;
        }
        var data = new byte[notification.Data.Length + 2];
        data[0] = (byte)notification.Code;
        data[1] = notification.Subcode;
        notification.Data.CopyTo(data, 2);
        return new NotificationMessage(NotificationCode.Cease, CeaseSubcode.HardReset, data);
    }

    /// <summary>Leaves for Idle after ManualStop: no automatic restart, counter reset.</summary>
    private void ToIdleStopped(string? downReason = null)
    {
        var wasEstablished = State == SessionState.Established;
        StopSessionTimers();
        _actions.Add(s_stopConnectRetry);
        _actions.Add(s_stopIdleHold);
        ConnectRetryCounter = 0;
        Started = false;
        _automaticStartPending = false;
        State = SessionState.Idle;
        if (wasEstablished)
        {
            _actions.Add(new SessionAction.SessionDown(downReason ?? "administratively shut down"));
        }
    }

    /// <summary>Leaves for Idle after an error and arms the IdleHoldTimer that restarts the session.</summary>
    private void ToIdleAfterError(string? downReason = null, bool graceful = false)
    {
        var wasEstablished = State == SessionState.Established;
        StopSessionTimers();
        _actions.Add(s_stopConnectRetry);
        State = SessionState.Idle;
        if (wasEstablished)
        {
            _actions.Add(new SessionAction.SessionDown(downReason ?? "session closed", graceful));
        }
        if (Started)
        {
            _automaticStartPending = true;
            _actions.Add(new SessionAction.StartTimer(SessionTimer.IdleHold, IdleHoldTime()));
        }
    }

    private void StopSessionTimers()
    {
        _actions.Add(s_stopHold);
        _actions.Add(s_stopKeepalive);
        _actions.Add(s_stopSendHold);
        _restartHold = null;
        _restartKeepalive = null;
    }

    /// <summary>DampPeerOscillations: base * 2^(failures-1), capped.</summary>
    private TimeSpan IdleHoldTime()
    {
        var exponent = Math.Clamp(ConnectRetryCounter - 1, 0, 16);
        var ticks = _settings.IdleHoldTime.Ticks << exponent;
        return TimeSpan.FromTicks(Math.Min(ticks, _settings.MaxIdleHoldTime.Ticks));
    }
}
