using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>The decision process as the worker applies it: best path per route, fallback on withdrawal.</summary>
public sealed class RibWorkerDecisionTests
{
    [Test]
    public async Task TwoPeersSameRoute_ShorterAsPathIsBest_WithdrawFallsBackToTheOther()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var b = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        var route = Type2(1);

        await rib.SendAsync(a, Announce(Attributes(65002, 65020), Vtep(2), route));
        await rib.SendAsync(b, Announce(Attributes(65003), Vtep(3), route));

        var best = (await rib.LocRibAsync()).Single();
        Assert.That(best.Peer, Is.EqualTo(b.Address));
        Assert.That(best.NextHop.ToArray(), Is.EqualTo(Vtep(3)));

        await rib.SendAsync(b, Withdraw(route));

        best = (await rib.LocRibAsync()).Single();
        Assert.That(best.Peer, Is.EqualTo(a.Address));
        Assert.That(rib.Observer.Changes.Select(c => (c.Kind, c.Peer)), Is.EqualTo(new[]
        {
            (BestPathChangeKind.Added, a.Address),
            (BestPathChangeKind.Replaced, b.Address),
            (BestPathChangeKind.Replaced, a.Address),
        }));
        Assert.That(rib.Observer.Changes[^1].NextHop.ToArray(), Is.EqualTo(Vtep(2)));
    }

    [Test]
    public async Task AChangeFromAnUpdateCarriesWhenItArrived_ALocalOneDoesNot()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var before = System.Diagnostics.Stopwatch.GetTimestamp();

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        await rib.LocRibAsync();
        var after = System.Diagnostics.Stopwatch.GetTimestamp();
        await rib.Worker.OriginateAsync(Evpn, Type2(2, rd: 1), Vtep(1), []);
        await rib.SettleAsync();

        var received = rib.Observer.Changes.Single(c => !c.IsLocal);
        Assert.That(received.ReceivedAt, Is.InRange(before, after), "stamped when the read loop handed the UPDATE over");
        Assert.That(rib.Observer.Changes.Single(c => c.IsLocal).ReceivedAt, Is.Zero, "no UPDATE behind a local route");
    }

    [Test]
    public async Task WorsePathArrivingLater_DoesNotChangeTheBest()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var b = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        var route = Type2(1);

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), route));
        await rib.SendAsync(b, Announce(Attributes(65003, 65030, 65031), Vtep(3), route));

        Assert.That((await rib.LocRibAsync()).Single().Peer, Is.EqualTo(a.Address));
        Assert.That(rib.Observer.Changes, Has.Count.EqualTo(1));
        var adjIn = await rib.Worker.QueryAsync(RibView.AdjRibIn, Evpn);
        Assert.That(adjIn.Select(r => (r.Peer, r.IsBest)), Is.EquivalentTo(new[] { (a.Address, true), (b.Address, false) }));
    }

    [Test]
    public async Task IbgpLocalPreference_BeatsShorterEbgpPath()
    {
        await using var rib = new RibWorkerFixture();
        var e = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var i = await rib.UpAsync(new RecordingRibPeer("192.0.2.9", LocalAs, 0x0A000009));
        var route = Type2(1);

        await rib.SendAsync(e, Announce(Attributes(65002), Vtep(2), route));
        await rib.SendAsync(i, Announce([.. Attributes(65005, 65006), new LocalPrefAttribute(200)], Vtep(9), route));

        Assert.That((await rib.LocRibAsync()).Single().Peer, Is.EqualTo(i.Address));
    }

    [Test]
    public async Task SamePeerReannouncing_ReplacesItsPath()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var route = Type2(1);

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), route));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(7), route));

        var routes = await rib.Worker.QueryAsync(RibView.AdjRibIn, Evpn);
        Assert.That(routes.Single().NextHop.ToArray(), Is.EqualTo(Vtep(7)));
        Assert.That(rib.Observer.Changes.Select(c => c.Kind), Is.EqualTo(new[] { BestPathChangeKind.Added, BestPathChangeKind.Replaced }));
    }

    [Test]
    public async Task RoutesDifferingOnlyInLabelOrEsi_AreOneRoute()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1, vni: 100)));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1, vni: 200, esi: 1)));

        var routes = await rib.LocRibAsync();
        Assert.That(routes.Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EqualTo(new[] { Hex(Type2(1, vni: 200, esi: 1)) }));
    }
}
