using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Session.SessionTestData;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>
/// The FSM's side of Graceful Restart (RFC 4724 s4.2) and RFC 8538: which ways out of Established
/// keep the peer's routes (SessionDown.Graceful), and the Cease we send (Hard Reset or none).
/// </summary>
internal sealed class SessionFsmGracefulRestartTests
{
    private static GracefulRestartCapability PeerGr(bool n) =>
        new(false, n, 120, [new GracefulRestartFamily(AfiSafi.L2vpnEvpn, true)]);

    private static SessionFsm Established(bool peerGr = true, bool n = false, SessionSettings? settings = null)
    {
        var fsm = new SessionFsm(settings ?? Settings());
        fsm.Handle(SessionEvent.ManualStartEvent);
        fsm.Handle(SessionEvent.TcpCrAckedEvent);
        fsm.Handle(new SessionEvent.BgpOpen(peerGr ? PeerOpen(extra: [PeerGr(n)]) : PeerOpen()));
        fsm.Handle(SessionEvent.KeepAliveMsgEvent);
        Assert.That(fsm.State, Is.EqualTo(SessionState.Established));
        return fsm;
    }

    private static SessionAction.SessionDown Down(IReadOnlyList<SessionAction> actions) =>
        actions.OfType<SessionAction.SessionDown>().Single();

    private static NotificationMessage? Sent(IReadOnlyList<SessionAction> actions) =>
        actions.OfType<SessionAction.SendNotification>().SingleOrDefault()?.Message;

    private static IEnumerable<TestCaseData> WaysDown()
    {
        var cease = NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "maintenance");
        var hardReset = new NotificationMessage(NotificationCode.Cease, CeaseSubcode.HardReset, [6, 4]);
        var malformed = new NotificationMessage(NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.MalformedAttributeList);
        // event, N bit negotiated, routes kept
        yield return new TestCaseData(new SessionEvent.TcpConnectionFails("connection reset by peer"), false, true).SetName("TCP reset keeps the routes");
        yield return new TestCaseData(SessionEvent.HoldTimerExpiresEvent, false, true).SetName("Hold timer expiry keeps the routes");
        yield return new TestCaseData(SessionEvent.SendHoldTimerExpiresEvent, false, true).SetName("Send hold timer expiry keeps the routes");
        yield return new TestCaseData(new SessionEvent.NotifMsg(cease), false, false).SetName("A NOTIFICATION without the N bit flushes (RFC 4724)");
        yield return new TestCaseData(new SessionEvent.NotifMsg(cease), true, true).SetName("A NOTIFICATION with the N bit keeps the routes (RFC 8538)");
        yield return new TestCaseData(new SessionEvent.NotifMsg(hardReset), true, false).SetName("A Hard Reset flushes");
        yield return new TestCaseData(new SessionEvent.UpdateMsgErr(malformed), false, false).SetName("Our NOTIFICATION without the N bit flushes");
        yield return new TestCaseData(new SessionEvent.UpdateMsgErr(malformed), true, true).SetName("Our NOTIFICATION with the N bit keeps the routes");
        yield return new TestCaseData(new SessionEvent.ManualStop("bye"), true, false).SetName("Administrative shutdown flushes");
    }

    [TestCaseSource(nameof(WaysDown))]
    public void LeavingEstablished_WithAGracefulRestartPeer(SessionEvent ev, bool n, bool kept)
    {
        var fsm = Established(n: n);
        Assert.That(fsm.Negotiated!.GracefulNotification, Is.EqualTo(n));
        Assert.That(Down(fsm.Handle(ev)).Graceful, Is.EqualTo(kept));
    }

    [Test]
    public void LeavingEstablished_PeerWithoutTheCapability_NeverKeepsTheRoutes()
    {
        var fsm = Established(peerGr: false);
        Assert.That(Down(fsm.Handle(new SessionEvent.TcpConnectionFails("connection reset by peer"))).Graceful, Is.False);
    }

    [Test]
    public void LeavingEstablished_GracefulRestartOffForTheNeighbor_NeverKeepsTheRoutes()
    {
        var settings = Settings();
        var fsm = Established(settings: settings with { Peer = settings.Peer with { GracefulRestart = false } });
        Assert.That(Down(fsm.Handle(new SessionEvent.TcpConnectionFails("connection reset by peer"))).Graceful, Is.False);
    }

    [Test]
    public void ManualStop_WithTheNBit_SendsHardResetCarryingTheCease()
    {
        // RFC 8538 s3: Cease/9 whose data is the original code, subcode and data.
        var fsm = Established(n: true);
        var sent = Sent(fsm.Handle(new SessionEvent.ManualStop("bye")));
        Assert.That(sent, Is.EqualTo(new NotificationMessage(NotificationCode.Cease, CeaseSubcode.HardReset, [6, 2, 3, (byte)'b', (byte)'y', (byte)'e'])));
    }

    [Test]
    public void ManualStop_WithoutTheNBit_SendsAPlainCease()
    {
        var fsm = Established(n: false);
        Assert.That(Sent(fsm.Handle(new SessionEvent.ManualStop("bye"))), Is.EqualTo(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "bye")));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void ManualStopToRestart_WithGracefulRestart_ClosesWithoutANotification(bool n)
    {
        // A Cease would make the peer flush (FRR takes 6/2 as hard even with N); a bare close is a restart to it.
        var fsm = Established(n: n);
        var actions = fsm.Handle(new SessionEvent.ManualStop("restarting", Restarting: true));
        Assert.That(Sent(actions), Is.Null);
        Assert.That(actions, Does.Contain(SessionAction.CloseConnectionAction));
        Assert.That(fsm.State, Is.EqualTo(SessionState.Idle));
        Assert.That(fsm.Started, Is.False);
    }

    [Test]
    public void ManualStopToRestart_PeerWithoutGracefulRestart_SendsTheCease()
    {
        var fsm = Established(peerGr: false);
        Assert.That(Sent(fsm.Handle(new SessionEvent.ManualStop("restarting", Restarting: true))),
            Is.EqualTo(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "restarting")));
    }

    [TestCase(true, CeaseSubcode.HardReset)]
    [TestCase(false, CeaseSubcode.AdministrativeReset)]
    public void HardReset_FlushesAndRestarts(bool n, byte subcode)
    {
        var fsm = Established(n: n);
        var actions = fsm.Handle(new SessionEvent.HardReset(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeReset, null)));
        Assert.That(Sent(actions)!.Subcode, Is.EqualTo(subcode));
        Assert.That(Down(actions).Graceful, Is.False);
        Assert.That(fsm.Started, Is.True, "an administrative reset starts the session again");
        Assert.That(actions, Has.Some.EqualTo(new SessionAction.StartTimer(SessionTimer.IdleHold, TimeSpan.FromSeconds(1))));
    }

    [Test]
    public void TheOpenOfEachConnection_CarriesTheRestartStateOfItsTime()
    {
        var state = new LocalRestartState();
        state.Started(forwardingStateKept: true);
        var fsm = new SessionFsm(Settings() with { RestartState = state });
        fsm.Handle(SessionEvent.ManualStartEvent);
        var first = fsm.Handle(SessionEvent.TcpCrAckedEvent).OfType<SessionAction.SendOpen>().Single().Message;
        fsm.Handle(new SessionEvent.TcpConnectionFails("refused"));
        state.Converged();
        fsm.Handle(SessionEvent.ConnectRetryTimerExpiresEvent);
        var second = fsm.Handle(SessionEvent.TcpCrAckedEvent).OfType<SessionAction.SendOpen>().Single().Message;
        Assert.That(first.Capabilities.OfType<GracefulRestartCapability>().Single().RestartState, Is.True);
        Assert.That(second.Capabilities.OfType<GracefulRestartCapability>().Single().RestartState, Is.False);
    }
}
