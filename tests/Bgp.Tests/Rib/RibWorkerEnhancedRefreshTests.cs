using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Tests.Session;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// Enhanced Route Refresh (RFC 7313): our re-advertisement goes between BoRR and EoRR; a peer's
/// BoRR marks its routes stale, and its EoRR (or the stale-routes time) withdraws those it did not
/// send again.
/// </summary>
public sealed class RibWorkerEnhancedRefreshTests
{
    private static RouteRefreshMessage Request => new(Evpn);

    private static RouteRefreshMessage BoRR => new(Evpn, RouteRefreshSubtype.BeginningOfRouteRefresh);

    private static RouteRefreshMessage EoRR => new(Evpn, RouteRefreshSubtype.EndOfRouteRefresh);

    [Test]
    public async Task OurReadvertisement_ToAPeerWithEnhancedRefresh_IsBetweenBoRRAndEoRR()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003, enhancedRouteRefresh: true));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2), Type2(3)));
        c.TakeRaw();

        await rib.Worker.RouteRefreshReceivedAsync(c, Request);
        await rib.SettleAsync();

        var sent = c.TakeRaw();
        Assert.That(sent, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(BgpMessageCodec.Decode(sent[0]), Is.EqualTo(BoRR), "BoRR first");
        Assert.That(BgpMessageCodec.Decode(sent[^1]), Is.EqualTo(EoRR), "EoRR last");
        var routes = sent[1..^1].Select(frame => SentUpdate.Decode(frame, c.Options)).SelectMany(u => u.Announced);
        Assert.That(routes, Is.EquivalentTo(new[] { Hex(Type2(1)), Hex(Type2(2)), Hex(Type2(3)) }));
    }

    [Test]
    public async Task OurReadvertisement_ToAPeerWithoutEnhancedRefresh_HasNoMarkers()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        c.TakeRaw();

        await rib.Worker.RouteRefreshReceivedAsync(c, Request);
        await rib.SettleAsync();

        var sent = c.TakeRaw();
        Assert.That(sent.Select(frame => (BgpMessageType)frame[18]), Has.All.EqualTo(BgpMessageType.Update));
        Assert.That(sent, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task PeersEoRR_WithdrawsWhatItDidNotSendAgain_AndTheOthersHearOfNothingElse()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002, enhancedRouteRefresh: true));
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2), Type2(3)));
        c.Take();
        int before = rib.Observer.Changes.Count;

        await rib.Worker.RouteRefreshReceivedAsync(a, BoRR);
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));
        Assert.That(await rib.LocRibAsync(), Has.Count.EqualTo(3), "stale routes stay until EoRR");
        await rib.Worker.RouteRefreshReceivedAsync(a, EoRR);
        await rib.SettleAsync();

        Assert.That((await rib.LocRibAsync()).Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EquivalentTo(new[] { Hex(Type2(1)), Hex(Type2(2)) }));
        var sent = c.Take();
        Assert.That(sent.SelectMany(u => u.Withdrawn), Is.EqualTo(new[] { Hex(Type2(3)) }));
        Assert.That(sent.SelectMany(u => u.Announced), Is.Empty, "routes sent again unchanged are not news");
        var changes = rib.Observer.Changes.Skip(before).ToList();
        Assert.That(changes, Has.Count.EqualTo(1));
        Assert.That(changes[0].Kind, Is.EqualTo(BestPathChangeKind.Withdrawn));
    }

    [Test]
    public async Task ARouteSentAgainWithOtherAttributes_DuringTheRefresh_IsAChange()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002, enhancedRouteRefresh: true));
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        c.Take();

        await rib.Worker.RouteRefreshReceivedAsync(a, BoRR);
        await rib.SendAsync(a, Announce(Attributes(65002, 64999), Vtep(2), Type2(1)));
        await rib.Worker.RouteRefreshReceivedAsync(a, EoRR);
        await rib.SettleAsync();

        var sent = c.Take();
        Assert.That(sent.SelectMany(u => u.Announced), Is.EqualTo(new[] { Hex(Type2(1)) }));
        Assert.That(sent.SelectMany(u => u.Withdrawn), Is.Empty);
        Assert.That(await rib.LocRibAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task BoRRWithoutEoRR_StaleRoutesGoWhenTheStaleTimeEnds()
    {
        var clock = new ManualClock();
        await using var rib = new RibWorkerFixture(Options() with { TimeProvider = clock, StaleRoutesTime = TimeSpan.FromMinutes(6) });
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002, enhancedRouteRefresh: true));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));

        await rib.Worker.RouteRefreshReceivedAsync(a, BoRR);
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That(await rib.LocRibAsync(), Has.Count.EqualTo(2), "before the stale time ends");
        clock.Advance(TimeSpan.FromMinutes(1));
        await rib.SettleAsync();

        Assert.That((await rib.LocRibAsync()).Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EqualTo(new[] { Hex(Type2(1)) }));
    }

    [Test]
    public async Task BoRRAndEoRR_FromAPeerWithoutEnhancedRefresh_AreIgnored()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));

        await rib.Worker.RouteRefreshReceivedAsync(a, BoRR);
        await rib.Worker.RouteRefreshReceivedAsync(a, EoRR);

        Assert.That(await rib.LocRibAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ARefreshRequestedTwiceBeforeItBegan_GoesOutOnce()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003, enhancedRouteRefresh: true));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        c.TakeRaw();
        c.Block();

        await rib.Worker.RouteRefreshReceivedAsync(c, Request);
        await rib.Worker.RouteRefreshReceivedAsync(c, Request);
        await rib.SettleAsync();
        Assert.That(c.Pending, Is.EqualTo(1), "one queued re-advertisement answers both");
        c.Unblock(rib.Worker);
        await rib.SettleAsync();

        var sent = c.TakeRaw();
        Assert.That(sent.Count(frame => frame[18] == (byte)BgpMessageType.RouteRefresh), Is.EqualTo(2), "one BoRR and one EoRR");
    }
}
