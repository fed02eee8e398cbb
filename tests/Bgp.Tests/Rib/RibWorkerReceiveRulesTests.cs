using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Tests.Session;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>What the worker refuses: loops (RFC 4271 s9.1.2, RFC 4456 s8) and malformed UPDATEs (RFC 7606).</summary>
public sealed class RibWorkerReceiveRulesTests
{
    [Test]
    public async Task OriginatorIdOfOurs_IsDropped_AndReplacesThePeersEarlierPath()
    {
        await using var rib = new RibWorkerFixture();
        var i = await rib.UpAsync(new RecordingRibPeer("192.0.2.9", LocalAs, 0x0A000009));
        await rib.SendAsync(i, Announce(Attributes(), Vtep(9), Type2(1)));
        Assert.That(await rib.LocRibAsync(), Has.Count.EqualTo(1));

        await rib.SendAsync(i, Announce([.. Attributes(), new OriginatorIdAttribute(RouterId)], Vtep(9), Type2(1), Type2(2)));

        Assert.That(await rib.LocRibAsync(), Is.Empty);
    }

    [Test]
    public async Task ClusterListWithOurClusterId_IsDropped()
    {
        await using var rib = new RibWorkerFixture();
        var i = await rib.UpAsync(new RecordingRibPeer("192.0.2.9", LocalAs, 0x0A000009));

        await rib.SendAsync(i, Announce([.. Attributes(), new OriginatorIdAttribute(0x0A000007), new ClusterListAttribute([0x0A000005, RouterId])], Vtep(9), Type2(1)));
        await rib.SendAsync(i, Announce([.. Attributes(), new OriginatorIdAttribute(0x0A000007), new ClusterListAttribute([0x0A000005])], Vtep(9), Type2(2)));

        Assert.That((await rib.LocRibAsync()).Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EqualTo(new[] { Hex(Type2(2)) }));
    }

    [Test]
    public async Task OurAsInTheAsPathFromEbgp_IsDropped()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));

        await rib.SendAsync(a, Announce(Attributes(65002, LocalAs, 65020), Vtep(2), Type2(1)));
        await rib.SendAsync(a, Announce(Attributes(65002, 65020), Vtep(2), Type2(2)));

        Assert.That((await rib.LocRibAsync()).Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EqualTo(new[] { Hex(Type2(2)) }));
    }

    [Test]
    public async Task RoutesOfAFamilyNotNegotiated_AreIgnored_AndSaidOnce()
    {
        var logger = new TestLogger("rib");
        await using var rib = new RibWorkerFixture(null, logger);
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        // IPv4 unicast MP_REACH (RFC 4760 s3) from a session that negotiated L2VPN/EVPN only.
        byte[] ipv4 = [0x40, 1, 1, 0, 0x40, 2, 6, 2, 1, 0, 0, 0xFD, 0xEA, 0x80, 14, 12, 0, 1, 1, 4, 10, 0, 0, 2, 0, 24, 192, 0, 2];

        await rib.SendAsync(a, UpdateOf(ipv4), UpdateOf(ipv4), Announce(Attributes(65002), Vtep(2), Type2(1)));

        Assert.That((await rib.LocRibAsync()).Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EqualTo(new[] { Hex(Type2(1)) }));
        Assert.That(logger.Lines.Count(l => l.Contains("ipv4-unicast routes, a family the session did not negotiate")), Is.EqualTo(1));
    }

    private static byte[] UpdateOf(byte[] attributes) => Evpnd.Bgp.Tests.Wire.WireBytes.Update([], attributes, []);

    [Test]
    public async Task TreatAsWithdraw_RemovesTheUpdatesRoutes()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var c = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), Type2(2)));
        c.Take();
        // ORIGIN with an undefined value: RFC 7606 s7.1, treat-as-withdraw.
        byte[] attributes = [0x40, 1, 1, 7, 0x40, 2, 6, 2, 1, 0, 0, 0xFD, 0xEA];

        await rib.SendAsync(a, AnnounceRaw(attributes, Vtep(2), Type2(1), Type2(3)));

        Assert.That((await rib.LocRibAsync()).Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EqualTo(new[] { Hex(Type2(2)) }));
        Assert.That(c.Take().SelectMany(u => u.Withdrawn), Is.EqualTo(new[] { Hex(Type2(1)) }));
    }

    [Test]
    public async Task MalformedRouteInTheNlri_TreatsTheWholeUpdateAsWithdraw()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));
        var wrongLength = Type2(5)[..^1];
        wrongLength[1] = 32;

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1), wrongLength, Type2(2)));

        Assert.That(await rib.LocRibAsync(), Is.Empty);
    }

    [Test]
    public async Task UnknownRouteType_IsSkipped_TheOthersAccepted()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        byte[] type9 = [9, 4, 1, 2, 3, 4];

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), type9, Type2(1)));

        Assert.That((await rib.LocRibAsync()).Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EqualTo(new[] { Hex(Type2(1)) }));
    }

    [Test]
    public async Task AttributeDiscard_KeepsTheRoutes_WithoutTheBadAttribute()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        // ATOMIC_AGGREGATE with a length of 1: RFC 7606 s7.6, attribute discard.
        byte[] attributes = [0x40, 1, 1, 0, 0x40, 2, 6, 2, 1, 0, 0, 0xFD, 0xEA, 0x40, 6, 1, 0];

        await rib.SendAsync(a, AnnounceRaw(attributes, Vtep(2), Type2(1)));

        var route = (await rib.LocRibAsync()).Single();
        Assert.That(route.Attributes.Get<AtomicAggregateAttribute>(), Is.Null);
        Assert.That(route.Attributes.AsPath, Is.EqualTo(AsPathAttribute.Sequence(65002)));
    }

    [Test]
    public async Task UpdatesFromAPeerThatWentDown_AreIgnored()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        rib.Worker.PeerDown(a, "closed");

        await rib.SendAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)));

        Assert.That(await rib.LocRibAsync(), Is.Empty);
    }
}
