using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Session.SessionTestData;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>Event-by-event tests of the RFC 4271 s8.2.2 transitions: state before, event, actions, state after.</summary>
public sealed class SessionFsmTests
{
    private static readonly SessionAction StartConnectRetry = new SessionAction.StartTimer(SessionTimer.ConnectRetry, TimeSpan.FromSeconds(120));
    private static readonly SessionAction StopConnectRetry = new SessionAction.StopTimer(SessionTimer.ConnectRetry);
    private static readonly SessionAction StopHold = new SessionAction.StopTimer(SessionTimer.Hold);
    private static readonly SessionAction StopKeepalive = new SessionAction.StopTimer(SessionTimer.Keepalive);
    private static readonly SessionAction StopIdleHold = new SessionAction.StopTimer(SessionTimer.IdleHold);
    private static readonly SessionAction StopSendHold = new SessionAction.StopTimer(SessionTimer.SendHold);
    private static readonly SessionAction SendHold8Minutes = new SessionAction.StartTimer(SessionTimer.SendHold, TimeSpan.FromMinutes(8));
    private static readonly SessionAction LargeHold = new SessionAction.StartTimer(SessionTimer.Hold, TimeSpan.FromMinutes(4));
    private static readonly SessionAction Hold90 = new SessionAction.StartTimer(SessionTimer.Hold, TimeSpan.FromSeconds(90));
    private static readonly SessionAction Keepalive30 = new SessionAction.StartTimer(SessionTimer.Keepalive, TimeSpan.FromSeconds(30));
    private static readonly SessionAction Close = SessionAction.CloseConnectionAction;
    private static readonly SessionAction SendKeepalive = SessionAction.SendKeepaliveAction;

    private static SessionAction IdleHold(int seconds) => new SessionAction.StartTimer(SessionTimer.IdleHold, TimeSpan.FromSeconds(seconds));

    private static SessionAction Notify(NotificationCode code, byte subcode) =>
        new SessionAction.SendNotification(new NotificationMessage(code, subcode));

    private static SessionAction[] Feed(SessionFsm fsm, SessionEvent ev) => [.. fsm.Handle(ev)];

    /// <summary>Builds an FSM already in <paramref name="state"/> by the shortest legal path.</summary>
    private static SessionFsm In(SessionState state, SessionSettings? settings = null)
    {
        var fsm = new SessionFsm(settings ?? Settings());
        if (state == SessionState.Idle)
        {
            return fsm;
        }
        if (state == SessionState.Active)
        {
            fsm.Handle(SessionEvent.ManualStartPassiveEvent);
            return fsm;
        }
        fsm.Handle(SessionEvent.ManualStartEvent);
        if (state == SessionState.Connect)
        {
            return fsm;
        }
        fsm.Handle(SessionEvent.TcpCrAckedEvent);
        if (state == SessionState.OpenSent)
        {
            return fsm;
        }
        fsm.Handle(new SessionEvent.BgpOpen(PeerOpen()));
        if (state == SessionState.OpenConfirm)
        {
            return fsm;
        }
        fsm.Handle(SessionEvent.KeepAliveMsgEvent);
        Assert.That(fsm.State, Is.EqualTo(SessionState.Established));
        return fsm;
    }

    // ---- Idle ----

    [Test]
    public void Idle_ManualStart_StartsConnectRetryAndConnects()
    {
        var fsm = In(SessionState.Idle);
        Assert.That(Feed(fsm, SessionEvent.ManualStartEvent), Is.EqualTo(new[] { StopIdleHold, StartConnectRetry, SessionAction.ConnectAction }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Connect));
    }

    [Test]
    public void Idle_AutomaticStart_StartsConnectRetryAndConnects()
    {
        var fsm = In(SessionState.Idle);
        Assert.That(Feed(fsm, SessionEvent.AutomaticStartEvent), Is.EqualTo(new[] { StopIdleHold, StartConnectRetry, SessionAction.ConnectAction }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Connect));
    }

    [Test]
    public void Idle_ManualStartOnPassivePeer_WaitsInActiveWithoutConnecting()
    {
        var fsm = In(SessionState.Idle, Settings(passive: true));
        Assert.That(Feed(fsm, SessionEvent.ManualStartEvent), Is.EqualTo(new[] { StopIdleHold, StartConnectRetry }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Active));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Idle_StartWithPassiveTcpEstablishment_GoesActive(bool manual)
    {
        var fsm = In(SessionState.Idle);
        var ev = manual ? SessionEvent.ManualStartPassiveEvent : SessionEvent.AutomaticStartPassiveEvent;
        Assert.That(Feed(fsm, ev), Is.EqualTo(new[] { StopIdleHold, StartConnectRetry }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Active));
    }

    [Test]
    public void Idle_OtherEvents_AreIgnored()
    {
        var fsm = In(SessionState.Idle);
        foreach (var ev in new[] { SessionEvent.KeepAliveMsgEvent, SessionEvent.HoldTimerExpiresEvent, SessionEvent.TcpConnectionConfirmedEvent, new SessionEvent.ManualStop(), SessionEvent.IdleHoldTimerExpiresEvent })
        {
            Assert.That(Feed(fsm, ev), Is.Empty, ev.ToString());
            Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
        }
    }

    // ---- Connect ----

    [Test]
    public void Connect_ManualStop_ClosesAndStopsTimers()
    {
        var fsm = In(SessionState.Connect);
        Assert.That(Feed(fsm, new SessionEvent.ManualStop()), Is.EqualTo(new[] { Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, StopIdleHold }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
        Assert.That(fsm.Started, Is.False);
    }

    [Test]
    public void Connect_ConnectRetryExpires_RetriesTheConnection()
    {
        var fsm = In(SessionState.Connect);
        Assert.That(Feed(fsm, SessionEvent.ConnectRetryTimerExpiresEvent), Is.EqualTo(new[] { Close, StartConnectRetry, SessionAction.ConnectAction }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Connect));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Connect_TcpUp_SendsOpenWithLargeHoldTimer(bool outgoing)
    {
        var fsm = In(SessionState.Connect);
        var ev = outgoing ? SessionEvent.TcpCrAckedEvent : SessionEvent.TcpConnectionConfirmedEvent;
        Assert.That(Feed(fsm, ev), Is.EqualTo(new[] { StopConnectRetry, new SessionAction.SendOpen(fsm.LocalOpen), LargeHold, SendHold8Minutes }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.OpenSent));
    }

    [Test]
    public void Connect_TcpConnectionFails_WaitsInActive()
    {
        var fsm = In(SessionState.Connect);
        Assert.That(Feed(fsm, new SessionEvent.TcpConnectionFails("refused")), Is.EqualTo(new[] { Close }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Active));
    }

    [Test]
    public void Connect_UnexpectedEvent_GoesIdleAndSchedulesRestart()
    {
        var fsm = In(SessionState.Connect);
        Assert.That(Feed(fsm, SessionEvent.KeepAliveMsgEvent), Is.EqualTo(new[] { Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, IdleHold(1) }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
        Assert.That(fsm.ConnectRetryCounter, Is.EqualTo(1));
    }

    // ---- Active ----

    [Test]
    public void Active_ManualStop_GoesIdle()
    {
        var fsm = In(SessionState.Active);
        Assert.That(Feed(fsm, new SessionEvent.ManualStop()), Is.EqualTo(new[] { Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, StopIdleHold }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void Active_ConnectRetryExpires_ConnectsWhenNotPassive()
    {
        var fsm = In(SessionState.Active);
        Assert.That(Feed(fsm, SessionEvent.ConnectRetryTimerExpiresEvent), Is.EqualTo(new[] { StartConnectRetry, SessionAction.ConnectAction }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Connect));
    }

    [Test]
    public void Active_ConnectRetryExpires_StaysActiveWhenPassive()
    {
        var fsm = In(SessionState.Active, Settings(passive: true));
        Assert.That(Feed(fsm, SessionEvent.ConnectRetryTimerExpiresEvent), Is.EqualTo(new[] { StartConnectRetry }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Active));
    }

    [Test]
    public void Active_TcpConnectionConfirmed_SendsOpen()
    {
        var fsm = In(SessionState.Active);
        Assert.That(Feed(fsm, SessionEvent.TcpConnectionConfirmedEvent), Is.EqualTo(new[] { StopConnectRetry, new SessionAction.SendOpen(fsm.LocalOpen), LargeHold, SendHold8Minutes }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.OpenSent));
    }

    [Test]
    public void Active_TcpConnectionFails_GoesIdleWithRestart()
    {
        var fsm = In(SessionState.Active);
        Assert.That(Feed(fsm, SessionEvent.TcpConnectionFailsEvent), Is.EqualTo(new[] { Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, IdleHold(1) }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
        Assert.That(fsm.ConnectRetryCounter, Is.EqualTo(1));
    }

    [Test]
    public void Active_UnexpectedMessage_GoesIdle()
    {
        var fsm = In(SessionState.Active);
        Assert.That(Feed(fsm, SessionEvent.UpdateMsgEvent), Is.EqualTo(new[] { Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, IdleHold(1) }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    // ---- OpenSent ----

    [Test]
    public void OpenSent_ManualStop_SendsCeaseWithShutdownCommunication()
    {
        var fsm = In(SessionState.OpenSent);
        var actions = Feed(fsm, new SessionEvent.ManualStop("maintenance"));
        Assert.That(actions, Is.EqualTo(new[]
        {
            new SessionAction.SendNotification(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "maintenance")),
            Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, StopIdleHold,
        }));
        Assert.That(((SessionAction.SendNotification)actions[0]).Message.ToString(), Is.EqualTo("6/2 (Cease/Administrative Shutdown: \"maintenance\")"));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenSent_HoldTimerExpires_Sends4_0()
    {
        var fsm = In(SessionState.OpenSent);
        Assert.That(Feed(fsm, SessionEvent.HoldTimerExpiresEvent), Is.EqualTo(new[]
        {
            Notify(NotificationCode.HoldTimerExpired, 0), Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, IdleHold(1),
        }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenSent_TcpConnectionFails_GoesActive()
    {
        var fsm = In(SessionState.OpenSent);
        Assert.That(Feed(fsm, SessionEvent.TcpConnectionFailsEvent), Is.EqualTo(new[] { Close, StopHold, StopSendHold, StartConnectRetry }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Active));
    }

    [Test]
    public void OpenSent_ValidOpen_SendsKeepaliveAndStartsNegotiatedTimers()
    {
        var fsm = In(SessionState.OpenSent);
        Assert.That(Feed(fsm, new SessionEvent.BgpOpen(PeerOpen())), Is.EqualTo(new[] { StopConnectRetry, SendKeepalive, Keepalive30, Hold90, SendHold8Minutes }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.OpenConfirm));
        Assert.That(fsm.Negotiated!.PeerAs, Is.EqualTo(PeerAs));
    }

    [Test]
    public void OpenSent_OpenWithHoldTimeZero_RunsNoTimers()
    {
        var fsm = In(SessionState.OpenSent);
        Assert.That(Feed(fsm, new SessionEvent.BgpOpen(PeerOpen(hold: 0))), Is.EqualTo(new[] { StopConnectRetry, SendKeepalive, StopHold, StopSendHold }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.OpenConfirm));
        Assert.That(Feed(fsm, SessionEvent.KeepAliveMsgEvent), Has.Length.EqualTo(1).And.One.InstanceOf<SessionAction.SessionEstablished>());
        Assert.That(Feed(fsm, SessionEvent.KeepAliveMsgEvent), Is.Empty);
    }

    [TestCase(65099u, 90, PeerId, (byte)4, OpenMessageErrorSubcode.BadPeerAs)]
    [TestCase(PeerAs, 90, 0u, (byte)4, OpenMessageErrorSubcode.BadBgpIdentifier)]
    [TestCase(PeerAs, 2, PeerId, (byte)4, OpenMessageErrorSubcode.UnacceptableHoldTime)]
    [TestCase(PeerAs, 90, PeerId, (byte)3, OpenMessageErrorSubcode.UnsupportedVersionNumber)]
    public void OpenSent_BadOpen_SendsOpenMessageErrorAndGoesIdle(uint asn, int hold, uint id, byte version, byte subcode)
    {
        var fsm = In(SessionState.OpenSent);
        var actions = Feed(fsm, new SessionEvent.BgpOpen(PeerOpen(asn, (ushort)hold, id, version)));
        Assert.That(actions[0], Is.InstanceOf<SessionAction.SendNotification>());
        var sent = ((SessionAction.SendNotification)actions[0]).Message;
        Assert.That((sent.Code, sent.Subcode), Is.EqualTo((NotificationCode.OpenMessageError, subcode)));
        Assert.That(actions[1..], Is.EqualTo(new[] { Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, IdleHold(1) }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenSent_OpenWithNoCommonFamily_Sends2_7WithOurMultiprotocolCapabilities()
    {
        // RFC 5492 s3: Unsupported Capability, the data carries the capabilities the peer lacks.
        // A session that shares no family would reach Established and carry nothing (FRR: 2/7 too).
        var fsm = In(SessionState.OpenSent);
        var ipv4Only = new OpenMessage((ushort)SessionTestData.PeerAs, 90, SessionTestData.PeerId,
            [new MultiprotocolCapability(AfiSafi.Ipv4Unicast), new FourOctetAsCapability(SessionTestData.PeerAs)]);

        var actions = Feed(fsm, new SessionEvent.BgpOpen(ipv4Only));

        var sent = ((SessionAction.SendNotification)actions[0]).Message;
        Assert.That((sent.Code, sent.Subcode), Is.EqualTo((NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnsupportedCapability)));
        // Capability 1, length 4: AFI 25, reserved, SAFI 70.
        Assert.That(Convert.ToHexString(sent.Data), Is.EqualTo("0104001900" + "46"));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenSent_HeaderError_SendsItsNotification()
    {
        var fsm = In(SessionState.OpenSent);
        var notification = new NotificationMessage(NotificationCode.MessageHeaderError, MessageHeaderErrorSubcode.BadMessageLength, [0x00, 0x05]);
        Assert.That(Feed(fsm, new SessionEvent.BgpHeaderErr(notification)), Is.EqualTo(new[]
        {
            new SessionAction.SendNotification(notification), Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, IdleHold(1),
        }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenSent_OpenMsgErrFromDecoder_SendsItsNotification()
    {
        var fsm = In(SessionState.OpenSent);
        var notification = new NotificationMessage(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnsupportedOptionalParameter);
        Assert.That(Feed(fsm, new SessionEvent.BgpOpenMsgErr(notification))[0], Is.EqualTo(new SessionAction.SendNotification(notification)));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenSent_OpenCollisionDump_SendsCease6_7()
    {
        var fsm = In(SessionState.OpenSent);
        Assert.That(Feed(fsm, SessionEvent.OpenCollisionDumpEvent), Is.EqualTo(new[]
        {
            Notify(NotificationCode.Cease, CeaseSubcode.ConnectionCollisionResolution), Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, IdleHold(1),
        }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenSent_NotificationFromPeer_ClosesWithoutAnswering()
    {
        var fsm = In(SessionState.OpenSent);
        var received = new NotificationMessage(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.BadPeerAs);
        Assert.That(Feed(fsm, new SessionEvent.NotifMsg(received)), Is.EqualTo(new[] { Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, IdleHold(1) }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
        Assert.That(fsm.ConnectRetryCounter, Is.EqualTo(1));
    }

    [Test]
    public void OpenSent_VersionErrorNotification_DoesNotCountAsFailure()
    {
        var fsm = In(SessionState.OpenSent);
        var received = new NotificationMessage(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnsupportedVersionNumber, [0, 4]);
        Feed(fsm, new SessionEvent.NotifMsg(received));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
        Assert.That(fsm.ConnectRetryCounter, Is.EqualTo(0));
    }

    [Test]
    public void OpenSent_KeepaliveBeforeOpen_IsFsmError5_1()
    {
        var fsm = In(SessionState.OpenSent);
        Assert.That(Feed(fsm, SessionEvent.KeepAliveMsgEvent)[0], Is.EqualTo(Notify(NotificationCode.FiniteStateMachineError, FsmErrorSubcode.UnexpectedMessageInOpenSent)));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    // ---- OpenConfirm ----

    [Test]
    public void OpenConfirm_KeepAliveMsg_EstablishesWithNegotiatedResult()
    {
        var fsm = In(SessionState.OpenConfirm);
        var actions = Feed(fsm, SessionEvent.KeepAliveMsgEvent);
        Assert.That(actions[0], Is.EqualTo(Hold90));
        Assert.That(actions[1], Is.InstanceOf<SessionAction.SessionEstablished>());
        Assert.That(actions, Has.Length.EqualTo(2));
        Assert.That(((SessionAction.SessionEstablished)actions[1]).Session, Is.SameAs(fsm.Negotiated));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Established));
    }

    [Test]
    public void OpenConfirm_KeepaliveTimerExpires_SendsKeepalive()
    {
        var fsm = In(SessionState.OpenConfirm);
        Assert.That(Feed(fsm, SessionEvent.KeepaliveTimerExpiresEvent), Is.EqualTo(new[] { SendKeepalive, Keepalive30 }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.OpenConfirm));
    }

    [Test]
    public void OpenConfirm_HoldTimerExpires_Sends4_0()
    {
        var fsm = In(SessionState.OpenConfirm);
        Assert.That(Feed(fsm, SessionEvent.HoldTimerExpiresEvent)[0], Is.EqualTo(Notify(NotificationCode.HoldTimerExpired, 0)));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenConfirm_ManualStop_SendsCease()
    {
        var fsm = In(SessionState.OpenConfirm);
        Assert.That(Feed(fsm, new SessionEvent.ManualStop())[0], Is.EqualTo(Notify(NotificationCode.Cease, CeaseSubcode.AdministrativeShutdown)));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
        Assert.That(fsm.Started, Is.False);
    }

    [Test]
    public void OpenConfirm_TcpConnectionFails_GoesIdle()
    {
        var fsm = In(SessionState.OpenConfirm);
        Assert.That(Feed(fsm, SessionEvent.TcpConnectionFailsEvent), Is.EqualTo(new[] { Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, IdleHold(1) }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenConfirm_NotificationFromPeer_GoesIdle()
    {
        var fsm = In(SessionState.OpenConfirm);
        Assert.That(Feed(fsm, new SessionEvent.NotifMsg(new NotificationMessage(NotificationCode.Cease, 2)))[0], Is.EqualTo(Close));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenConfirm_OpenCollisionDump_SendsCease6_7()
    {
        var fsm = In(SessionState.OpenConfirm);
        Assert.That(Feed(fsm, SessionEvent.OpenCollisionDumpEvent)[0], Is.EqualTo(Notify(NotificationCode.Cease, CeaseSubcode.ConnectionCollisionResolution)));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenConfirm_HeaderError_SendsItsNotification()
    {
        var fsm = In(SessionState.OpenConfirm);
        var n = new NotificationMessage(NotificationCode.MessageHeaderError, MessageHeaderErrorSubcode.ConnectionNotSynchronized);
        Assert.That(Feed(fsm, new SessionEvent.BgpHeaderErr(n))[0], Is.EqualTo(new SessionAction.SendNotification(n)));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenConfirm_UpdateBeforeKeepalive_IsFsmError5_2()
    {
        var fsm = In(SessionState.OpenConfirm);
        Assert.That(Feed(fsm, SessionEvent.UpdateMsgEvent)[0], Is.EqualTo(Notify(NotificationCode.FiniteStateMachineError, FsmErrorSubcode.UnexpectedMessageInOpenConfirm)));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void OpenConfirm_SecondOpen_IsFsmError5_2()
    {
        var fsm = In(SessionState.OpenConfirm);
        Assert.That(Feed(fsm, new SessionEvent.BgpOpen(PeerOpen()))[0], Is.EqualTo(Notify(NotificationCode.FiniteStateMachineError, FsmErrorSubcode.UnexpectedMessageInOpenConfirm)));
    }

    // ---- Established ----

    [TestCase(true)]
    [TestCase(false)]
    public void Established_KeepaliveOrUpdate_RestartsHoldTimer(bool keepalive)
    {
        var fsm = In(SessionState.Established);
        var ev = keepalive ? SessionEvent.KeepAliveMsgEvent : SessionEvent.UpdateMsgEvent;
        var first = fsm.Handle(ev);
        Assert.That(first, Is.EqualTo(new[] { Hold90 }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Established));
    }

    [Test]
    public void Established_KeepaliveTimerExpires_SendsKeepalive()
    {
        var fsm = In(SessionState.Established);
        Assert.That(Feed(fsm, SessionEvent.KeepaliveTimerExpiresEvent), Is.EqualTo(new[] { SendKeepalive, Keepalive30 }));
    }

    [Test]
    public void Established_HoldTimerExpires_Sends4_0AndReportsDown()
    {
        var fsm = In(SessionState.Established);
        Assert.That(Feed(fsm, SessionEvent.HoldTimerExpiresEvent), Is.EqualTo(new[]
        {
            Notify(NotificationCode.HoldTimerExpired, 0), Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry,
            new SessionAction.SessionDown("hold timer expired"), IdleHold(1),
        }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void Established_SendHoldTimerExpires_Sends8_0AndReportsDown()
    {
        // RFC 9687 s4, event 29: NOTIFICATION (best effort), close, count the failure, Idle.
        var fsm = In(SessionState.Established);
        Assert.That(Feed(fsm, SessionEvent.SendHoldTimerExpiresEvent), Is.EqualTo(new[]
        {
            Notify(NotificationCode.SendHoldTimerExpired, 0), Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry,
            new SessionAction.SessionDown("send hold timer expired"), IdleHold(1),
        }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
        Assert.That(fsm.ConnectRetryCounter, Is.EqualTo(1));
    }

    [TestCase(SessionState.OpenSent)]
    [TestCase(SessionState.OpenConfirm)]
    public void BeforeEstablished_SendHoldTimerExpires_Sends8_0(SessionState state)
    {
        var fsm = In(state);
        Assert.That(Feed(fsm, SessionEvent.SendHoldTimerExpiresEvent), Is.EqualTo(new[]
        {
            Notify(NotificationCode.SendHoldTimerExpired, 0), Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, IdleHold(1),
        }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [TestCase((ushort)90, 8 * 60)]
    [TestCase((ushort)600, 20 * 60)]
    public void OpenSent_Open_StartsTheSendHoldTimer_AtTwiceTheHoldTime_AtLeast8Minutes(ushort hold, int expectedSeconds)
    {
        // RFC 9687 s3: max(8 minutes, 2 x the negotiated hold time).
        var fsm = In(SessionState.OpenSent, Settings(hold: hold));
        var actions = Feed(fsm, new SessionEvent.BgpOpen(PeerOpen(hold: hold)));
        Assert.That(actions, Does.Contain(new SessionAction.StartTimer(SessionTimer.SendHold, TimeSpan.FromSeconds(expectedSeconds))));
    }

    [Test]
    public void SendHoldTime_FromSettings_OverridesTheRfcDefault()
    {
        var fsm = In(SessionState.OpenSent, Settings() with { SendHoldTime = TimeSpan.FromSeconds(5) });
        var actions = Feed(fsm, new SessionEvent.BgpOpen(PeerOpen()));
        Assert.That(actions, Does.Contain(new SessionAction.StartTimer(SessionTimer.SendHold, TimeSpan.FromSeconds(5))));
    }

    [Test]
    public void Established_ManualStop_SendsCeaseAndReportsDownWithoutRestart()
    {
        var fsm = In(SessionState.Established);
        Assert.That(Feed(fsm, new SessionEvent.ManualStop("bye")), Is.EqualTo(new[]
        {
            new SessionAction.SendNotification(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "bye")),
            Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, StopIdleHold, new SessionAction.SessionDown("administratively shut down"),
        }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void Established_NotificationFromPeer_ReportsDownWithIt()
    {
        var fsm = In(SessionState.Established);
        var received = NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "going away");
        Assert.That(Feed(fsm, new SessionEvent.NotifMsg(received)), Is.EqualTo(new[]
        {
            Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry,
            new SessionAction.SessionDown("received NOTIFICATION 6/2 (Cease/Administrative Shutdown: \"going away\")"), IdleHold(1),
        }));
    }

    [Test]
    public void Established_TcpConnectionFails_ReportsDown()
    {
        var fsm = In(SessionState.Established);
        Assert.That(Feed(fsm, new SessionEvent.TcpConnectionFails("connection reset by peer")), Is.EqualTo(new[]
        {
            Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry, new SessionAction.SessionDown("connection reset by peer"), IdleHold(1),
        }));
    }

    [Test]
    public void Established_UpdateMsgErr_SendsItsNotification()
    {
        var fsm = In(SessionState.Established);
        var n = new NotificationMessage(NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.MalformedAttributeList);
        var actions = Feed(fsm, new SessionEvent.UpdateMsgErr(n));
        Assert.That(actions[0], Is.EqualTo(new SessionAction.SendNotification(n)));
        Assert.That(actions, Has.One.InstanceOf<SessionAction.SessionDown>());
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void Established_OpenCollisionDump_SendsCease6_7()
    {
        var fsm = In(SessionState.Established);
        Assert.That(Feed(fsm, SessionEvent.OpenCollisionDumpEvent)[0], Is.EqualTo(Notify(NotificationCode.Cease, CeaseSubcode.ConnectionCollisionResolution)));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void Established_OpenAgain_IsFsmError5_3()
    {
        var fsm = In(SessionState.Established);
        Assert.That(Feed(fsm, new SessionEvent.BgpOpen(PeerOpen()))[0], Is.EqualTo(Notify(NotificationCode.FiniteStateMachineError, FsmErrorSubcode.UnexpectedMessageInEstablished)));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void Established_SecondConnection_IsLeftToTheDriver()
    {
        var fsm = In(SessionState.Established);
        Assert.That(Feed(fsm, SessionEvent.TcpConnectionConfirmedEvent), Is.Empty);
        Assert.That(fsm.State, Is.EqualTo(SessionState.Established));
    }

    // ---- Restart after errors (DampPeerOscillations) ----

    [Test]
    public void IdleHoldTimerExpires_AfterError_RestartsTheSession()
    {
        var fsm = In(SessionState.Established);
        Feed(fsm, SessionEvent.HoldTimerExpiresEvent);
        Assert.That(Feed(fsm, SessionEvent.IdleHoldTimerExpiresEvent), Is.EqualTo(new[] { StopIdleHold, StartConnectRetry, SessionAction.ConnectAction }));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Connect));
    }

    [Test]
    public void IdleHoldTime_DoublesWithConsecutiveFailures()
    {
        var fsm = In(SessionState.OpenSent);
        Assert.That(Feed(fsm, SessionEvent.HoldTimerExpiresEvent)[^1], Is.EqualTo(IdleHold(1)));
        Feed(fsm, SessionEvent.IdleHoldTimerExpiresEvent);
        Feed(fsm, SessionEvent.TcpCrAckedEvent);
        Assert.That(Feed(fsm, SessionEvent.HoldTimerExpiresEvent)[^1], Is.EqualTo(IdleHold(2)));
        Feed(fsm, SessionEvent.IdleHoldTimerExpiresEvent);
        Feed(fsm, SessionEvent.TcpCrAckedEvent);
        Assert.That(Feed(fsm, SessionEvent.HoldTimerExpiresEvent)[^1], Is.EqualTo(IdleHold(4)));
    }

    [Test]
    public void ManualStop_InIdle_CancelsPendingRestart()
    {
        var fsm = In(SessionState.OpenSent);
        Feed(fsm, SessionEvent.HoldTimerExpiresEvent);
        Assert.That(Feed(fsm, new SessionEvent.ManualStop()), Is.EqualTo(new[] { StopIdleHold }));
        Assert.That(Feed(fsm, SessionEvent.IdleHoldTimerExpiresEvent), Is.Empty);
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
    }

    [Test]
    public void EstablishedEvents_DoNotAllocateActions()
    {
        var fsm = In(SessionState.Established);
        fsm.Handle(SessionEvent.UpdateMsgEvent);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            fsm.Handle(SessionEvent.UpdateMsgEvent);
            fsm.Handle(SessionEvent.KeepAliveMsgEvent);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static readonly NotificationMessage PrefixCease = NotificationMessage.MaximumPrefixesReached(AfiSafi.L2vpnEvpn, 10);

    [Test]
    public void AutomaticStop_InEstablished_SendsTheCease_AndStaysDownUntilManualStart()
    {
        var fsm = In(SessionState.Established);

        var actions = Feed(fsm, new SessionEvent.AutomaticStop(PrefixCease, "maximum-prefix", RestartAfter: null));

        Assert.Multiple(() =>
        {
            Assert.That(actions, Is.EqualTo(new[]
            {
                new SessionAction.SendNotification(PrefixCease), Close, StopHold, StopKeepalive, StopSendHold, StopConnectRetry,
                new SessionAction.SessionDown("maximum-prefix"), StopIdleHold,
            }));
            Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
            Assert.That(fsm.HeldDown, Is.True);
            Assert.That(fsm.Started, Is.False);
            // The peer retrying does not bring it back.
            Assert.That(Feed(fsm, SessionEvent.AutomaticStartPassiveEvent), Is.Empty);
            Assert.That(Feed(fsm, SessionEvent.IdleHoldTimerExpiresEvent), Is.Empty);
        });

        Feed(fsm, SessionEvent.ManualStartEvent);

        Assert.Multiple(() =>
        {
            Assert.That(fsm.State, Is.EqualTo(SessionState.Connect));
            Assert.That(fsm.HeldDown, Is.False);
        });
    }

    [Test]
    public void AutomaticStop_WithARestartTime_RestartsWhenItPasses_NotBefore()
    {
        var fsm = In(SessionState.Established);

        var actions = Feed(fsm, new SessionEvent.AutomaticStop(PrefixCease, "maximum-prefix", TimeSpan.FromMinutes(5)));

        Assert.Multiple(() =>
        {
            Assert.That(actions[^1], Is.EqualTo(new SessionAction.StartTimer(SessionTimer.IdleHold, TimeSpan.FromMinutes(5))));
            Assert.That(fsm.HeldDown, Is.True);
            Assert.That(fsm.Started, Is.True);
            Assert.That(Feed(fsm, SessionEvent.AutomaticStartPassiveEvent), Is.Empty);
        });

        Feed(fsm, SessionEvent.IdleHoldTimerExpiresEvent);

        Assert.Multiple(() =>
        {
            Assert.That(fsm.State, Is.EqualTo(SessionState.Connect));
            Assert.That(fsm.HeldDown, Is.False);
        });
    }

    [Test]
    public void ManualStopForAReset_SendsAdministrativeReset()
    {
        var fsm = In(SessionState.Established);

        var actions = Feed(fsm, new SessionEvent.ManualStop(Subcode: CeaseSubcode.AdministrativeReset));

        Assert.That(actions[0], Is.EqualTo(Notify(NotificationCode.Cease, CeaseSubcode.AdministrativeReset)));
    }
}
