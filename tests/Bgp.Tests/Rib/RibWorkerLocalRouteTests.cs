using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>Routes this speaker originates (the EVPN layer's type-2 and type-3 routes).</summary>
public sealed class RibWorkerLocalRouteTests
{
    private static readonly ExtendedCommunitiesAttribute s_routeTarget = new([new ExtendedCommunity(0x0002_FDE9_0000_0064)]);

    [Test]
    public async Task Originated_GoesToEbgpWithOurAsAndIgpOrigin_ToIbgpWithLocalPref100()
    {
        await using var rib = new RibWorkerFixture();
        var e = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        var i = await rib.UpAsync(new RecordingRibPeer("192.0.2.9", LocalAs, 0x0A000009));
        e.Take();
        i.Take();

        await rib.Worker.OriginateAsync(Evpn, Type2(1, rd: 1), Vtep(1), [s_routeTarget]);
        await rib.SettleAsync();

        var toEbgp = e.Take().Single();
        Assert.That(toEbgp.Announced, Is.EqualTo(new[] { Hex(Type2(1, rd: 1)) }));
        Assert.That(toEbgp.Get<AsPathAttribute>(), Is.EqualTo(AsPathAttribute.Sequence(LocalAs)));
        Assert.That(toEbgp.Get<OriginAttribute>()?.Value, Is.EqualTo(Origin.Igp));
        Assert.That(toEbgp.Get<ExtendedCommunitiesAttribute>(), Is.EqualTo(s_routeTarget));
        Assert.That(toEbgp.NextHop, Is.EqualTo(Vtep(1)));
        var toIbgp = i.Take().Single();
        Assert.That(toIbgp.Get<AsPathAttribute>()?.Segments, Is.Empty);
        Assert.That(toIbgp.Get<LocalPrefAttribute>()?.Value, Is.EqualTo(100u));
        var best = (await rib.LocRibAsync()).Single();
        Assert.That(best.IsLocal, Is.True);
        Assert.That(rib.Observer.Changes.Single().IsLocal, Is.True);
    }

    [Test]
    public async Task LocalRoute_BeatsALearnedPathForTheSameKey()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));

        await rib.Worker.OriginateAsync(Evpn, Type2(1), Vtep(1), [s_routeTarget]);
        await rib.SettleAsync();

        Assert.That((await rib.LocRibAsync()).Single().IsLocal, Is.True);
        var toA = a.Take();
        Assert.That(toA.SelectMany(u => u.Announced), Is.EqualTo(new[] { Hex(Type2(1)) }), "our path goes to the peer whose path lost");
    }

    [Test]
    public async Task WithdrawLocal_SendsMpUnreach_AndTheRouteIsGone()
    {
        await using var rib = new RibWorkerFixture();
        var e = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        await rib.Worker.OriginateAsync(Evpn, Type2(1, rd: 1), Vtep(1), [s_routeTarget]);
        await rib.SettleAsync();
        e.Take();

        await rib.Worker.WithdrawLocalAsync(Evpn, Type2(1, rd: 1));
        await rib.SettleAsync();

        Assert.That(e.Take().Single().Withdrawn, Is.EqualTo(new[] { Hex(Type2(1, rd: 1)) }));
        Assert.That(await rib.LocRibAsync(), Is.Empty);
        Assert.That(rib.Observer.Changes.Select(c => c.Kind), Is.EqualTo(new[] { BestPathChangeKind.Added, BestPathChangeKind.Withdrawn }));
    }

    [Test]
    public void Originate_RejectsBytesThatAreNotOneRoute()
    {
        var worker = new RibWorker(Options());

        Assert.That(() => worker.OriginateAsync(Evpn, Type2(1)[..^2], Vtep(1), []), Throws.ArgumentException);
        Assert.That(() => worker.OriginateAsync(AfiSafi.Ipv4Unicast, Type2(1), Vtep(1), []), Throws.ArgumentException);
    }

    [Test]
    public async Task AdjRibOut_ShowsWhatThePeerWasSent()
    {
        await using var rib = new RibWorkerFixture();
        var e = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        await rib.Worker.OriginateAsync(Evpn, Type2(1, rd: 1), Vtep(1), [s_routeTarget]);

        var sent = await rib.Worker.QueryAsync(RibView.AdjRibOut, Evpn, e.Address);

        Assert.That(sent.Single().Attributes.AsPath, Is.EqualTo(AsPathAttribute.Sequence(LocalAs)));
    }
}
