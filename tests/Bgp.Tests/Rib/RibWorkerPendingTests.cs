using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// A peer whose send queue is full (its window closed) gets what is pending for it once it drains:
/// the latest state of each route, once, packed by attribute set; nobody else waits for it, and
/// what it is owed is bounded by the number of routes, not by the churn.
/// </summary>
public sealed class RibWorkerPendingTests
{
    private static async Task<(RibWorkerFixture Rib, RecordingRibPeer From, RecordingRibPeer To)> TwoPeersAsync()
    {
        var rib = new RibWorkerFixture();
        var from = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var to = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        to.Take();
        return (rib, from, to);
    }

    private static async Task DrainAsync(RibWorkerFixture rib, RecordingRibPeer peer)
    {
        peer.Unblock(rib.Worker);
        await rib.SettleAsync();
    }

    [Test]
    public async Task ManyChangesWhileBlocked_OnlyTheLatestGoesOut()
    {
        var (rib, a, c) = await TwoPeersAsync();
        await using var _ = rib;
        c.Block();

        for (uint i = 0; i < 10; i++)
        {
            await rib.SendAsync(a, Announce(Attributes(65002, 64500 + i), Vtep(2), Type2(1)));
        }
        Assert.That(c.Take(), Is.Empty, "nothing goes out while the window is closed");
        Assert.That(c.Pending, Is.EqualTo(1), "one route pending, however often it changed");
        await DrainAsync(rib, c);

        var sent = c.Take();
        Assert.That(sent, Has.Count.EqualTo(1));
        Assert.That(sent[0].Announced, Is.EqualTo(new[] { Hex(Type2(1)) }));
        Assert.That(sent[0].Get<AsPathAttribute>(), Is.EqualTo(AsPathAttribute.Sequence(LocalAs, 65002, 64509)), "the last attributes");
        Assert.That(c.Pending, Is.Zero);
    }

    [Test]
    public async Task WithdrawWhileBlocked_CancelsTheUnsentAnnounce()
    {
        var (rib, a, c) = await TwoPeersAsync();
        await using var _ = rib;
        c.Block();

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        await rib.SendAsync(a, Withdraw(Type2(1)));
        await DrainAsync(rib, c);

        Assert.That(c.TakeRaw(), Is.Empty, "the peer never had the route: neither announce nor withdraw");
        Assert.That(c.Pending, Is.Zero);
        Assert.That(rib.Worker.EntryCount(Evpn), Is.Zero, "the route is gone from the table");
    }

    [Test]
    public async Task AnnounceAfterAnUnsentWithdraw_ReplacesIt()
    {
        var (rib, a, c) = await TwoPeersAsync();
        await using var _ = rib;
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        Assert.That(c.Take().SelectMany(u => u.Announced), Is.EqualTo(new[] { Hex(Type2(1)) }));
        c.Block();

        await rib.SendAsync(a, Withdraw(Type2(1)));
        await rib.SendAsync(a, Announce(Attributes(65002, 64512), Vtep(2), Type2(1)));
        await DrainAsync(rib, c);

        var sent = c.Take();
        Assert.That(sent, Has.Count.EqualTo(1));
        Assert.That(sent[0].Withdrawn, Is.Empty, "the withdrawal was replaced, not sent");
        Assert.That(sent[0].Announced, Is.EqualTo(new[] { Hex(Type2(1)) }));
        Assert.That(sent[0].Get<AsPathAttribute>(), Is.EqualTo(AsPathAttribute.Sequence(LocalAs, 65002, 64512)));
    }

    [Test]
    public async Task WithdrawOfAnAdvertisedRoute_GoesOutOnceTheWindowOpens()
    {
        var (rib, a, c) = await TwoPeersAsync();
        await using var _ = rib;
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));
        c.Take();
        c.Block();

        await rib.SendAsync(a, Withdraw(Type2(1)));
        Assert.That(rib.Worker.EntryCount(Evpn), Is.EqualTo(2), "the withdrawn route waits in the table until it was sent");
        await DrainAsync(rib, c);

        var sent = c.Take();
        Assert.That(sent, Has.Count.EqualTo(1));
        Assert.That(sent[0].Withdrawn, Is.EqualTo(new[] { Hex(Type2(1)) }));
        Assert.That(sent[0].Announced, Is.Empty);
        Assert.That(rib.Worker.EntryCount(Evpn), Is.EqualTo(1));
    }

    [Test]
    public async Task RoutesThatChangedInterleaved_ArePackedByAttributeSet()
    {
        var (rib, a, c) = await TwoPeersAsync();
        await using var _ = rib;
        c.Block();

        // One UPDATE per route, alternating between two attribute sets.
        for (int i = 1; i <= 100; i++)
        {
            await rib.SendAsync(a, Announce(Attributes(65002, i % 2 == 0 ? 64600u : 64601u), Vtep(2), Type2(i)));
        }
        await DrainAsync(rib, c);

        var sent = c.Take();
        Assert.That(sent, Has.Count.EqualTo(2), "one UPDATE per attribute set");
        Assert.That(sent.Select(u => u.Announced.Count), Is.EqualTo(new[] { 50, 50 }));
        Assert.That(sent.SelectMany(u => u.Announced), Is.EquivalentTo(Enumerable.Range(1, 100).Select(i => Hex(Type2(i)))));
        Assert.That(sent[0].Get<AsPathAttribute>(), Is.Not.EqualTo(sent[1].Get<AsPathAttribute>()));
    }

    [Test]
    public async Task ChurnWhileBlocked_PendingStaysAtTheNumberOfRoutes()
    {
        const int routes = 200;
        var (rib, a, c) = await TwoPeersAsync();
        await using var _ = rib;
        c.Block();
        var nlri = Enumerable.Range(1, routes).Select(i => Type2(i)).ToList();

        var pending = new List<int>();
        for (uint round = 0; round < 50; round++)
        {
            await rib.SendAsync(a, Announce(Attributes(65002, 64700 + round), Vtep(2), nlri));
            pending.Add(c.Pending);
        }
        TestContext.Out.WriteLine($"pending after each of 50 rounds of {routes} changes: max {pending.Max()}");
        Assert.That(pending, Has.All.EqualTo(routes), "bounded by the routes, not by 10,000 changes");
        await DrainAsync(rib, c);

        var sent = c.Take();
        Assert.That(sent.SelectMany(u => u.Announced), Is.EquivalentTo(nlri.Select(Hex)), "each route once");
        Assert.That(sent.All(u => u.Get<AsPathAttribute>()!.Equals(AsPathAttribute.Sequence(LocalAs, 65002, 64749))), Is.True, "the last round");
    }

    [Test]
    public async Task ABlockedPeer_DoesNotHoldUpTheOthersOrTheObservers()
    {
        var (rib, a, c) = await TwoPeersAsync();
        await using var _ = rib;
        var d = await rib.UpAsync(new RecordingRibPeer("192.0.2.4", 65004, 0x0A000004));
        d.Take();
        c.Block();
        var nlri = Enumerable.Range(1, 1000).Select(i => Type2(i)).ToList();

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), nlri));

        Assert.That(d.Take().SelectMany(u => u.Announced).Count(), Is.EqualTo(1000), "the reading peer got everything");
        Assert.That(rib.Observer.Changes, Has.Count.EqualTo(1000), "the observers heard of everything");
        Assert.That(c.Take(), Is.Empty);
        Assert.That(c.Pending, Is.EqualTo(1000));
        Assert.That(c.DrainRequests, Is.EqualTo(1), "asked once to hear when it drained");
    }

    [Test]
    public async Task InitialDump_GoesOutAsFastAsThePeerTakesIt_ThenEndOfRib()
    {
        const int count = 20_000;
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Enumerable.Range(1, count).Select(i => Type2(i))));

        // A send queue that takes one buffer, then closes until it drained.
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003) { BlockAfterEachBuffer = true });
        var sent = new List<SentUpdate>();
        int drains = 0;
        while (sent.Count == 0 || !sent[^1].IsEndOfRib)
        {
            Assert.That(drains++, Is.LessThan(10_000), "the dump does not end");
            await DrainAsync(rib, c);
            sent.AddRange(c.Take());
        }

        TestContext.Out.WriteLine($"{count} routes in {c.BuffersSent} buffers, {drains} drains");
        Assert.That(c.BuffersWhileBlocked, Is.Zero, "nothing is handed over while the window is closed");
        Assert.That(c.BuffersSent, Is.GreaterThan(1), "the dump went out in several windows");
        Assert.That(sent.Count(u => u.IsEndOfRib), Is.EqualTo(1));
        Assert.That(sent[..^1].SelectMany(u => u.Announced), Is.EquivalentTo(Enumerable.Range(1, count).Select(i => Hex(Type2(i)))));
    }

    [Test]
    public async Task PeerDown_ReleasesWhatItWasOwed_AndTheWithdrawnRoutesLeaveTheTable()
    {
        var (rib, a, c) = await TwoPeersAsync();
        await using var _ = rib;
        var nlri = Enumerable.Range(1, 100).Select(i => Type2(i)).ToList();
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), nlri));
        c.Take();
        c.Block();
        foreach (var route in nlri)
        {
            await rib.Worker.UpdateReceivedAsync(a, Withdraw(route), CancellationToken.None);
        }
        await rib.SettleAsync();
        Assert.That(c.Pending, Is.EqualTo(100));
        Assert.That(rib.Worker.EntryCount(Evpn), Is.EqualTo(100), "the withdrawals wait for the blocked peer");

        rib.Worker.PeerDown(c, "closed");
        await rib.SettleAsync();

        Assert.That(c.Pending, Is.Zero);
        Assert.That(rib.Worker.EntryCount(Evpn), Is.Zero);
    }
}
