using System.Net;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Tests.Session;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// Graceful Restart in the RIB (RFC 4724): as the helper, a restarting peer's routes stay as stale
/// until its End-of-RIB, the restart time or the stale-routes time; as the restarting speaker,
/// selection is deferred until every peer's End-of-RIB or the select-defer-time.
/// </summary>
public sealed class RibWorkerGracefulRestartTests
{
    private const string PeerA = "192.0.2.2";

    private static GracefulRestartCapability Gr(bool forwarding = true, ushort restartTime = 120, bool restarting = false) =>
        new(restarting, true, restartTime, [new GracefulRestartFamily(Evpn, forwarding)]);

    private static RecordingRibPeer A(GracefulRestartCapability? gr) => new(PeerA, 65002, 0x0A000002, gracefulRestart: gr);

    private static RecordingRibPeer C() => new("192.0.2.3", 65003, 0x0A000003);

    private static byte[] EndOfRib()
    {
        var buffer = new byte[64];
        return buffer[..UpdateWriter.WriteEndOfRib(buffer, Evpn)];
    }

    private static async Task<List<string>> LocRibAsync(RibWorkerFixture rib) =>
        [.. (await rib.LocRibAsync()).Select(r => Convert.ToHexString(r.Nlri.Span))];

    [Test]
    public async Task GracefulDown_KeepsTheRoutes_NobodyHearsOfIt()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(A(Gr()));
        var c = await rib.UpAsync(C());
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));
        c.Take();
        int before = rib.Observer.Changes.Count;

        rib.Worker.PeerDown(a, "connection reset by peer", graceful: true);
        await rib.SettleAsync();

        Assert.That(await LocRibAsync(rib), Is.EquivalentTo(new[] { Hex(Type2(1)), Hex(Type2(2)) }));
        Assert.That(rib.Observer.Changes.Skip(before), Is.Empty, "the EVPN side keeps its kernel entries");
        Assert.That(c.Take().SelectMany(u => u.Withdrawn), Is.Empty);
        var status = rib.Worker.RestartStatus(IPAddress.Parse(PeerA));
        Assert.That((status?.StaleRoutes, status?.Restarting, status?.RestartTimerEnds is not null, status?.StaleTimerEnds), Is.EqualTo((2, true, true, (DateTimeOffset?)null)));
    }

    [TestCase(true, false, TestName = "A hard down (Hard Reset, NOTIFICATION without N) withdraws at once")]
    [TestCase(false, true, TestName = "A peer without the capability is withdrawn at once")]
    public async Task NotGraceful_WithdrawsAtOnce(bool peerHasGr, bool graceful)
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(A(peerHasGr ? Gr() : null));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));

        rib.Worker.PeerDown(a, "down", graceful);
        await rib.SettleAsync();

        Assert.That(await LocRibAsync(rib), Is.Empty);
        Assert.That(rib.Observer.Changes.Last().Kind, Is.EqualTo(BestPathChangeKind.Withdrawn));
    }

    [Test]
    public async Task PeerBack_ItsEndOfRib_WithdrawsWhatItDidNotSendAgain_AndNothingElseChanges()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(A(Gr()));
        var c = await rib.UpAsync(C());
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2), Type2(3)));
        c.Take();
        rib.Worker.PeerDown(a, "connection reset by peer", graceful: true);
        await rib.SettleAsync();
        int before = rib.Observer.Changes.Count;

        var a2 = await rib.UpAsync(A(Gr()));
        await rib.SendAsync(a2, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));
        Assert.That(await LocRibAsync(rib), Has.Count.EqualTo(3), "stale until its End-of-RIB");
        Assert.That(rib.Worker.RestartStatus(IPAddress.Parse(PeerA))!.StaleRoutes, Is.EqualTo(1));
        await rib.SendAsync(a2, EndOfRib());

        Assert.That(await LocRibAsync(rib), Is.EquivalentTo(new[] { Hex(Type2(1)), Hex(Type2(2)) }));
        var changes = rib.Observer.Changes.Skip(before).ToList();
        Assert.That(changes.Select(ch => (ch.Kind, Convert.ToHexString(ch.Nlri.Span))), Is.EqualTo(new[] { (BestPathChangeKind.Withdrawn, Hex(Type2(3))) }),
            "routes sent again unchanged are no change for the kernel");
        var sent = c.Take();
        Assert.That(sent.SelectMany(u => u.Withdrawn), Is.EqualTo(new[] { Hex(Type2(3)) }));
        Assert.That(sent.SelectMany(u => u.Announced), Is.Empty);
        Assert.That(rib.Worker.RestartStatus(IPAddress.Parse(PeerA)), Is.Null);
    }

    [TestCase(false, TestName = "Back with F=0 for EVPN: stale routes go at once")]
    [TestCase(true, TestName = "Back without the capability: stale routes go at once")]
    public async Task PeerBack_WithoutPreservedForwarding_FlushesAtOnce(bool withoutCapability)
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(A(Gr()));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));
        rib.Worker.PeerDown(a, "connection reset by peer", graceful: true);
        await rib.SettleAsync();

        var a2 = await rib.UpAsync(A(withoutCapability ? null : Gr(forwarding: false)));

        Assert.That(await LocRibAsync(rib), Is.Empty);
        Assert.That(rib.Observer.Changes.TakeLast(2).Select(ch => ch.Kind), Has.All.EqualTo(BestPathChangeKind.Withdrawn));
        await rib.SendAsync(a2, Announce(Attributes(65002), Vtep(2), Type2(1)));
        Assert.That(await LocRibAsync(rib), Is.EqualTo(new[] { Hex(Type2(1)) }));
    }

    [Test]
    public async Task PeerNotBackWithinItsRestartTime_ItsRoutesGo()
    {
        var clock = new ManualClock();
        await using var rib = new RibWorkerFixture(Options() with { TimeProvider = clock });
        var a = await rib.UpAsync(A(Gr(restartTime: 90)));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        rib.Worker.PeerDown(a, "hold timer expired", graceful: true);
        await rib.SettleAsync();

        clock.Advance(TimeSpan.FromSeconds(89));
        Assert.That(await LocRibAsync(rib), Has.Count.EqualTo(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        // The timer posted to the RIB's local inbox, which a query reaches after it.
        Assert.That(await LocRibAsync(rib), Is.Empty, "routes withdrawn once the restart time ended");
        Assert.That(rib.Observer.Changes.Last().Kind, Is.EqualTo(BestPathChangeKind.Withdrawn));
    }

    [Test]
    public async Task PeerBackWithoutEndOfRib_TheStaleRoutesTimeEndsTheWait()
    {
        var clock = new ManualClock();
        await using var rib = new RibWorkerFixture(Options() with { TimeProvider = clock, StaleRoutesTime = TimeSpan.FromSeconds(360) });
        var a = await rib.UpAsync(A(Gr(restartTime: 120)));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));
        rib.Worker.PeerDown(a, "connection reset by peer", graceful: true);
        await rib.SettleAsync();
        clock.Advance(TimeSpan.FromSeconds(100));
        var a2 = await rib.UpAsync(A(Gr(restartTime: 120)));
        await rib.SendAsync(a2, Announce(Attributes(65002), Vtep(2), Type2(1)));

        clock.Advance(TimeSpan.FromSeconds(100));
        Assert.That(await LocRibAsync(rib), Has.Count.EqualTo(2), "the restart timer stopped when the peer came back");
        clock.Advance(TimeSpan.FromSeconds(260));
        Assert.That(await LocRibAsync(rib), Is.EqualTo(new[] { Hex(Type2(1)) }), "the stale route goes at the stale-routes time");
    }

    [Test]
    public async Task DeferredSelection_ObserversHearNothingUntilEveryPeersEndOfRib_ThenEverything()
    {
        var converged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var rib = new RibWorkerFixture(Options() with
        {
            InitialConvergencePeers = [IPAddress.Parse(PeerA), IPAddress.Parse("192.0.2.3")],
            DeferSelection = true,
        });
        rib.Worker.InitialConvergenceComplete += () => converged.TrySetResult();
        var a = await rib.UpAsync(A(Gr()));
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003, gracefulRestart: Gr(restarting: true)));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));
        await rib.SendAsync(a, EndOfRib());

        Assert.That(rib.Observer.Changes, Is.Empty, "selection deferred until every peer's End-of-RIB");
        Assert.That(a.Take().Where(u => u.IsEndOfRib), Is.Empty, "our End-of-RIB follows our deferred selection");
        Assert.That(c.Take().Count(u => u.IsEndOfRib), Is.EqualTo(1), "a peer that restarts too (R) must not wait for ours");
        Assert.That(rib.Worker.InitialConvergenceDone, Is.False);

        await rib.SendAsync(c, EndOfRib());
        await converged.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(rib.Observer.Changes.Select(ch => (ch.Kind, Convert.ToHexString(ch.Nlri.Span))),
            Is.EquivalentTo(new[] { (BestPathChangeKind.Added, Hex(Type2(1))), (BestPathChangeKind.Added, Hex(Type2(2))) }));
        await rib.SettleAsync();
        Assert.That(a.Take().Count(u => u.IsEndOfRib), Is.EqualTo(1));
        Assert.That(rib.Worker.InitialConvergenceDone, Is.True);
    }

    [Test]
    public async Task DeferredSelection_TheSelectDeferTimeEndsIt()
    {
        var clock = new ManualClock();
        await using var rib = new RibWorkerFixture(Options() with
        {
            TimeProvider = clock,
            InitialConvergencePeers = [IPAddress.Parse(PeerA), IPAddress.Parse("192.0.2.9")],
            DeferSelection = true,
            SelectDeferTime = TimeSpan.FromSeconds(120),
        });
        var a = await rib.UpAsync(A(Gr()));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)), EndOfRib());

        clock.Advance(TimeSpan.FromSeconds(119));
        await rib.SettleAsync();
        Assert.That(rib.Observer.Changes, Is.Empty);
        clock.Advance(TimeSpan.FromSeconds(1));

        await rib.SettleAsync();
        Assert.That(rib.Worker.InitialConvergenceDone, Is.True, "converged at the select-defer-time");
        Assert.That(rib.Observer.Changes.Select(ch => ch.Kind), Is.EqualTo(new[] { BestPathChangeKind.Added }));
    }

    [Test]
    public async Task AwaitingLocalRoutes_OurEndOfRibFollowsThem_EvenAfterTheDeferredSelection()
    {
        // A restarting VTEP: its peer's End-of-RIB ends the deferred selection before the EVPN
        // side has originated the local routes (its kernel not read yet). An End-of-RIB sent
        // then would tell the helper to withdraw our local routes it still holds as stale.
        await using var rib = new RibWorkerFixture(Options() with
        {
            InitialConvergencePeers = [IPAddress.Parse(PeerA)],
            DeferSelection = true,
            AwaitLocalRoutes = true,
        });
        var a = await rib.UpAsync(A(Gr()));
        await rib.SendAsync(a, EndOfRib());
        Assert.That(rib.Worker.InitialConvergenceDone, Is.True);
        Assert.That(a.Take().Where(u => u.IsEndOfRib), Is.Empty, "held until the local routes are in");

        await rib.Worker.OriginateAsync(Evpn, Type2(7), Vtep(1), Attributes());
        rib.Worker.LocalRoutesComplete();
        await rib.SettleAsync();

        var sent = a.Take();
        int route = sent.FindIndex(u => u.Announced.Contains(Hex(Type2(7))));
        int endOfRib = sent.FindIndex(u => u.IsEndOfRib);
        Assert.That((route >= 0, endOfRib > route), Is.EqualTo((true, true)), $"the local route, then the End-of-RIB: route at {route}, End-of-RIB at {endOfRib} of {sent.Count}");
    }

    [Test]
    public async Task AwaitingLocalRoutes_TheSelectDeferTimeBoundsTheWait()
    {
        var clock = new ManualClock();
        await using var rib = new RibWorkerFixture(Options() with { TimeProvider = clock, AwaitLocalRoutes = true, SelectDeferTime = TimeSpan.FromSeconds(120) });
        var a = await rib.UpAsync(A(Gr()));
        await rib.SettleAsync();
        Assert.That(a.Take().Where(u => u.IsEndOfRib), Is.Empty);

        clock.Advance(TimeSpan.FromSeconds(120));
        await rib.SettleAsync();

        Assert.That(a.Take().Count(u => u.IsEndOfRib), Is.EqualTo(1));
    }

    [Test]
    public async Task NoPeerToWaitFor_ConvergedAtOnce_NothingDeferred()
    {
        await using var rib = new RibWorkerFixture(Options() with { DeferSelection = true });
        var a = await rib.UpAsync(A(Gr()));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        Assert.That(rib.Worker.InitialConvergenceDone, Is.True);
        Assert.That(rib.Observer.Changes, Has.Count.EqualTo(1));
    }
}
