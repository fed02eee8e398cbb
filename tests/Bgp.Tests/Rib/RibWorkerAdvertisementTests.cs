using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>What the worker sends: packing, End-of-RIB, withdrawals, refresh, iBGP/eBGP rules.</summary>
public sealed class RibWorkerAdvertisementTests
{
    [Test]
    public async Task InitialDump_PacksRoutesByAttributeSet_ThenEndOfRib()
    {
        const int count = 1000;
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var routes = Enumerable.Range(1, count).Select(i => Type2(i)).ToList();
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), routes));

        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));

        var sent = c.Take();
        Assert.That(sent[^1].IsEndOfRib, Is.True, "End-of-RIB comes last");
        var updates = sent[..^1];
        Assert.That(updates.Any(u => u.IsEndOfRib), Is.False);
        // All but the NLRI is the same in every message: the first one tells how many fit.
        int overhead = updates[0].Frame.Length - updates[0].Announced.Count * 35;
        int fit = (BgpHeader.MaxMessageLength - overhead) / 35;
        Assert.That(updates, Has.Count.EqualTo((count + fit - 1) / fit));
        var announced = updates.SelectMany(u => u.Announced).ToList();
        Assert.That(announced, Is.EquivalentTo(routes.Select(Hex)), "every route once");
        Assert.That(updates.All(u => u.NextHop.SequenceEqual(Vtep(2))), Is.True, "EVPN next hop unchanged");
    }

    [Test]
    public async Task PeerWithEmptyTable_GetsOnlyEndOfRib()
    {
        await using var rib = new RibWorkerFixture();

        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));

        var sent = c.Take();
        Assert.That(sent, Has.Count.EqualTo(1));
        Assert.That(sent[0].IsEndOfRib, Is.True);
        Assert.That(new UpdateReader(sent[0].Frame).IsEndOfRib(out var family) && family == Evpn, Is.True);
    }

    [Test]
    public async Task ChangesAfterTheDump_AreSentAsTheyHappen_WithdrawalsAsMpUnreach()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        c.Take();

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));
        var announced = c.Take();
        await rib.SendAsync(a, Withdraw(Type2(1)));
        var withdrawn = c.Take();

        Assert.That(announced.SelectMany(u => u.Announced), Is.EquivalentTo(new[] { Hex(Type2(1)), Hex(Type2(2)) }));
        Assert.That(withdrawn, Has.Count.EqualTo(1));
        Assert.That(withdrawn[0].Withdrawn, Is.EqualTo(new[] { Hex(Type2(1)) }));
        Assert.That(withdrawn[0].Announced, Is.Empty);
    }

    [Test]
    public async Task RouteRefresh_ResendsTheFamily()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2), Type2(3)));
        c.Take();

        await rib.Worker.RouteRefreshReceivedAsync(c, new RouteRefreshMessage(Evpn));
        await rib.SettleAsync();

        var resent = c.Take();
        Assert.That(resent.SelectMany(u => u.Announced), Is.EquivalentTo(new[] { Hex(Type2(1)), Hex(Type2(2)), Hex(Type2(3)) }));
        Assert.That(resent.Any(u => u.Withdrawn.Count > 0), Is.False);
    }

    [Test]
    public async Task NeverSentBackToThePeerItCameFrom()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        a.Take();

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));

        Assert.That(a.Take(), Is.Empty);
    }

    [Test]
    public async Task IbgpLearned_NotSentToIbgp_SentToEbgpWithOurAsPrependedAndNoLocalPref()
    {
        await using var rib = new RibWorkerFixture();
        var i1 = await rib.UpAsync(new RecordingRibPeer("192.0.2.8", LocalAs, 0x0A000008));
        var i2 = await rib.UpAsync(new RecordingRibPeer("192.0.2.9", LocalAs, 0x0A000009));
        var e = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        i2.Take();
        e.Take();

        await rib.SendAsync(i1, Announce([.. Attributes(), new LocalPrefAttribute(150)], Vtep(8), Type2(1)));

        Assert.That(i2.Take(), Is.Empty, "iBGP-learned routes are not re-advertised to iBGP peers");
        var toEbgp = e.Take().Single();
        Assert.That(toEbgp.Announced, Is.EqualTo(new[] { Hex(Type2(1)) }));
        Assert.That(toEbgp.Get<AsPathAttribute>(), Is.EqualTo(AsPathAttribute.Sequence(LocalAs)));
        Assert.That(toEbgp.Get<LocalPrefAttribute>(), Is.Null);
        Assert.That(toEbgp.NextHop, Is.EqualTo(Vtep(8)));
    }

    [Test]
    public async Task RouteReflectorClient_GetsIbgpRoutesWithOriginatorIdAndClusterList()
    {
        await using var rib = new RibWorkerFixture();
        var i = await rib.UpAsync(new RecordingRibPeer("192.0.2.8", LocalAs, 0x0A000008));
        var client = await rib.UpAsync(new RecordingRibPeer("192.0.2.9", LocalAs, 0x0A000009) { IsRouteReflectorClient = true });
        client.Take();

        await rib.SendAsync(i, Announce(Attributes(), Vtep(8), Type2(1)));

        var reflected = client.Take().Single();
        Assert.That(reflected.Get<OriginatorIdAttribute>()?.RouterId, Is.EqualTo(0x0A000008u));
        Assert.That(reflected.Get<ClusterListAttribute>()?.ClusterIds, Is.EqualTo(new[] { RouterId }));
        Assert.That(reflected.NextHop, Is.EqualTo(Vtep(8)));
    }

    [Test]
    public async Task EbgpLearned_ToEbgpPrepends_ToIbgpKeepsThePathAndAddsLocalPref()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var e = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        var i = await rib.UpAsync(new RecordingRibPeer("192.0.2.9", LocalAs, 0x0A000009));
        e.Take();
        i.Take();
        var community = new ExtendedCommunitiesAttribute([new ExtendedCommunity(0x0002_FDEA_0000_0064)]);

        await rib.SendAsync(a, Announce([.. Attributes(65002, 65020), community, new MultiExitDiscAttribute(5)], Vtep(2), Type2(1)));

        var toEbgp = e.Take().Single();
        Assert.That(toEbgp.Get<AsPathAttribute>(), Is.EqualTo(AsPathAttribute.Sequence(LocalAs, 65002, 65020)));
        Assert.That(toEbgp.Get<LocalPrefAttribute>(), Is.Null);
        Assert.That(toEbgp.Get<MultiExitDiscAttribute>(), Is.Null, "RFC 4271 s5.1.4: MED not passed to another AS");
        Assert.That(toEbgp.Get<ExtendedCommunitiesAttribute>(), Is.EqualTo(community));
        Assert.That(toEbgp.NextHop, Is.EqualTo(Vtep(2)));
        var toIbgp = i.Take().Single();
        Assert.That(toIbgp.Get<AsPathAttribute>(), Is.EqualTo(AsPathAttribute.Sequence(65002, 65020)));
        Assert.That(toIbgp.Get<LocalPrefAttribute>()?.Value, Is.EqualTo(100u));
        Assert.That(toIbgp.NextHop, Is.EqualTo(Vtep(2)));
    }

    [Test]
    public async Task TwoOctetAsPeer_GetsAsTransAndAs4Path()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 4200000002, 0x0A000002));
        var old = await rib.UpAsync(new RecordingRibPeer("192.0.2.4", 65004, 0x0A000004, fourOctetAs: false));
        old.Take();

        await rib.SendAsync(a, Announce(Attributes(4200000002), Vtep(2), Type2(1)));

        var sent = old.Take().Single();
        Assert.That(sent.Get<AsPathAttribute>(), Is.EqualTo(AsPathAttribute.Sequence(LocalAs, OpenMessage.AsTrans)));
        Assert.That(sent.Get<As4PathAttribute>()?.Segments.Single().Asns, Is.EqualTo(new uint[] { LocalAs, 4200000002 }));
    }

    [Test]
    public async Task PeerDown_RemovesItsRoutes_AndWithdrawsThemFromOtherPeers()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var b = await rib.UpAsync(new RecordingRibPeer("192.0.2.4", 65004, 0x0A000004));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2), Type2(3)));
        await rib.SendAsync(b, Announce(Attributes(65004), Vtep(4), Type2(9)));
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        c.Take();

        rib.Worker.PeerDown(a, "hold timer expired");
        await rib.SettleAsync();

        Assert.That((await rib.LocRibAsync()).Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EqualTo(new[] { Hex(Type2(9)) }));
        var sent = c.Take();
        Assert.That(sent.SelectMany(u => u.Withdrawn), Is.EquivalentTo(new[] { Hex(Type2(1)), Hex(Type2(2)), Hex(Type2(3)) }));
        Assert.That(sent.SelectMany(u => u.Announced), Is.Empty);
        Assert.That(b.Take().SelectMany(u => u.Withdrawn).ToList(), Has.Count.EqualTo(3));
        Assert.That(rib.Observer.Changes.Count(ch => ch.Kind == BestPathChangeKind.Withdrawn), Is.EqualTo(3));
    }

    [Test]
    public async Task PeerDown_OfALargeTable_ReachesTheObserversInOrderedChunks_EveryRouteOnce()
    {
        // A session loss of 3,000 routes: handed over in pieces of a few hundred (the buffers on
        // the way to the kernel stay small), every route withdrawn exactly once.
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Enumerable.Range(1, 3000).Select(i => Type2(i))));
        var before = rib.Observer.Batches;

        rib.Worker.PeerDown(a, "hold timer expired");
        await rib.SettleAsync();

        var withdrawn = rib.Observer.Changes.Where(ch => ch.Kind == BestPathChangeKind.Withdrawn).Select(ch => Convert.ToHexString(ch.Nlri.Span)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(withdrawn, Is.EquivalentTo(Enumerable.Range(1, 3000).Select(i => Hex(Type2(i)))));
            Assert.That(rib.Observer.Batches - before, Is.GreaterThanOrEqualTo(6), "3,000 changes in chunks");
            Assert.That(rib.Observer.LargestBatch, Is.LessThanOrEqualTo(512));
        });
    }

    [Test]
    public async Task PeerDown_WhenAnotherPathRemains_ItIsAdvertisedInstead()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var b = await rib.UpAsync(new RecordingRibPeer("192.0.2.4", 65004, 0x0A000004));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        await rib.SendAsync(b, Announce(Attributes(65004, 65040), Vtep(4), Type2(1)));
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        c.Take();

        rib.Worker.PeerDown(a, "closed");
        await rib.SettleAsync();

        var sent = c.Take().Single();
        Assert.That(sent.Announced, Is.EqualTo(new[] { Hex(Type2(1)) }));
        Assert.That(sent.NextHop, Is.EqualTo(Vtep(4)));
        Assert.That(sent.Get<AsPathAttribute>(), Is.EqualTo(AsPathAttribute.Sequence(LocalAs, 65004, 65040)));
    }
}
