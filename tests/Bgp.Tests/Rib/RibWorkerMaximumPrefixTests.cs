using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// maximum-prefix: the routes a peer has in the RIB are counted (announces, withdraws, replaced
/// paths, refused loops); the route past the limit never reaches the Loc-RIB, and the session is
/// asked once to end. warning-only accepts it and asks nothing.
/// </summary>
public sealed class RibWorkerMaximumPrefixTests
{
    private static RecordingRibPeer Peer(MaximumPrefix limit) => new("192.0.2.2", 65002, 0x0A000002, enhancedRouteRefresh: true) { MaximumPrefix = limit };

    [Test]
    public async Task TheRoutePastTheLimit_IsRefused_AndTheSessionAskedToEndOnce()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(Peer(new MaximumPrefix { Limit = 3 }));

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2), Type2(3), Type2(4)));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(5)));

        var locRib = await rib.LocRibAsync();
        Assert.Multiple(() =>
        {
            Assert.That(locRib.Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EquivalentTo(new[] { Hex(Type2(1)), Hex(Type2(2)), Hex(Type2(3)) }));
            Assert.That(a.PrefixLimitExceeded, Is.EqualTo(new[] { AfiSafi.L2vpnEvpn }));
            Assert.That(a.Accepted, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task WithdrawsAndReplacedPaths_AreCounted()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(Peer(new MaximumPrefix { Limit = 2 }));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));

        // The same routes again with other attributes replace the paths: still two.
        await rib.SendAsync(a, Announce(Attributes(65002, 65020), Vtep(2), Type2(1), Type2(2)));
        await rib.SendAsync(a, Withdraw(Type2(1)));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(3)));

        Assert.Multiple(async () =>
        {
            Assert.That((await rib.LocRibAsync()).Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EquivalentTo(new[] { Hex(Type2(2)), Hex(Type2(3)) }));
            Assert.That(a.PrefixLimitExceeded, Is.Empty);
            Assert.That(a.Accepted, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task LoopedRoutes_AreNotCounted()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(Peer(new MaximumPrefix { Limit = 1 }));

        await rib.SendAsync(a, Announce(Attributes(65002, LocalAs), Vtep(2), Type2(1), Type2(2)));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(3)));

        Assert.Multiple(() =>
        {
            Assert.That(a.PrefixLimitExceeded, Is.Empty);
            Assert.That(a.Accepted, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task StaleRoutesSweptAfterEnhancedRefresh_LeaveTheCount()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(Peer(new MaximumPrefix { Limit = 2 }));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));

        await rib.Worker.RouteRefreshReceivedAsync(a, new RouteRefreshMessage(Evpn, RouteRefreshSubtype.BeginningOfRouteRefresh));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        await rib.Worker.RouteRefreshReceivedAsync(a, new RouteRefreshMessage(Evpn, RouteRefreshSubtype.EndOfRouteRefresh));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(3)));

        Assert.Multiple(() =>
        {
            Assert.That(a.PrefixLimitExceeded, Is.Empty);
            Assert.That(a.Accepted, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task WarningOnly_AcceptsPastTheLimit_AndAsksNothing()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(Peer(new MaximumPrefix { Limit = 2, WarningOnly = true }));

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2), Type2(3)));

        Assert.Multiple(async () =>
        {
            Assert.That(await rib.LocRibAsync(), Has.Count.EqualTo(3));
            Assert.That(a.PrefixLimitExceeded, Is.Empty);
            Assert.That(a.Accepted, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task AnotherPeersRoutes_DoNotCount()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(Peer(new MaximumPrefix { Limit = 1 }));
        var b = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        await rib.SendAsync(b, Announce(Attributes(65003), Vtep(3), Type2(1), Type2(2)));

        // The same route from a: a path of its own, its first.
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));

        Assert.Multiple(() =>
        {
            Assert.That(a.PrefixLimitExceeded, Is.Empty);
            Assert.That(a.Accepted, Is.EqualTo(1));
        });
    }
}
