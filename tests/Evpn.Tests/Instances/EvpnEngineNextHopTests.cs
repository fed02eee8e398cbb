using System.Net;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>Routes whose next hop cannot be a remote VTEP (FRR: bgp_update_martian_nexthop) are dropped, counted and reported once per peer.</summary>
public sealed class EvpnEngineNextHopTests
{
    private static readonly MacAddress s_mac = EngineFixture.Mac(2);

    [TestCase("0.0.0.0", MartianReason.Unspecified)]
    [TestCase("0.1.2.3", MartianReason.Unspecified)]
    [TestCase("127.0.0.1", MartianReason.Loopback)]
    [TestCase("127.255.0.9", MartianReason.Loopback)]
    [TestCase("224.0.0.5", MartianReason.Multicast)]
    [TestCase("239.1.1.1", MartianReason.Multicast)]
    [TestCase("169.254.1.1", MartianReason.LinkLocal)]
    [TestCase("240.0.0.1", MartianReason.Reserved)]
    [TestCase("255.255.255.255", MartianReason.Reserved)]
    [TestCase("::", MartianReason.Unspecified)]
    [TestCase("::1", MartianReason.Loopback)]
    [TestCase("ff02::1", MartianReason.Multicast)]
    [TestCase("fe80::1", MartianReason.LinkLocal)]
    [TestCase("febf::1", MartianReason.LinkLocal)]
    [TestCase("::ffff:127.0.0.1", MartianReason.Loopback)]
    [TestCase("::ffff:0.0.0.0", MartianReason.Unspecified)]
    public void A_type_2_with_a_martian_next_hop_is_not_installed(string nextHop, MartianReason reason)
    {
        bool ipv6 = IPAddress.Parse(nextHop).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var fixture = new EngineFixture().WithVni100(ipv6 ? "fd00::1" : "10.0.0.1");

        fixture.RemoteMac(s_mac, ipv6 ? "fd00::2" : "10.0.0.2", nextHop: nextHop);

        Assert.That(fixture.Dataplane.Take(), Is.Empty);
        Assert.That(fixture.Engine.GetMacs(), Is.Empty);
        Assert.That(fixture.Engine.GetRoutes(EvpnRouteType.MacIpAdvertisement).Where(r => r.Origin == EvpnRouteOrigin.Imported), Is.Empty);
        var count = fixture.Engine.GetMartianNextHops().Single();
        Assert.That((count.Peer, count.Routes, count.Last.NextHop, count.Last.Reason), Is.EqualTo((IPAddress.Parse("192.0.2.1"), 1L, IPAddress.Parse(nextHop), reason)));
    }

    [TestCase("10.0.0.2")]
    [TestCase("100.64.0.1")]
    [TestCase("223.255.255.254")]
    [TestCase("169.255.0.1")]
    [TestCase("fd00::2")]
    [TestCase("2001:db8::2")]
    [TestCase("fec0::1")]
    public void A_unicast_next_hop_is_installed(string nextHop)
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteMac(s_mac, "10.0.0.2", nextHop: nextHop);

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { $"mac 100 {s_mac} {IPAddress.Parse(nextHop)}" }));
        Assert.That(fixture.Engine.GetMartianNextHops(), Is.Empty);
    }

    [Test]
    public void Martian_routes_are_counted_per_peer_and_reported_once_per_peer()
    {
        var reported = new List<MartianNextHop>();
        var fixture = new EngineFixture(o => o with { FirstMartianNextHop = reported.Add }).WithVni100();

        for (int i = 0; i < 3; i++)
        {
            fixture.RemoteMac(EngineFixture.Mac(10 + i), "10.0.0.2", nextHop: "127.0.0.1", peer: "192.0.2.1");
        }
        fixture.RemoteMac(EngineFixture.Mac(20), "10.0.0.3", nextHop: "0.0.0.0", peer: "192.0.2.2");
        // A type-3 from the first peer: counted, not reported again.
        fixture.RemoteImet("10.0.0.3", nextHop: "224.0.0.1");

        Assert.That(reported.Select(r => (r.Peer?.ToString(), r.NextHop.ToString(), r.RouteType)), Is.EqualTo(new[]
        {
            ("192.0.2.1", "127.0.0.1", EvpnRouteType.MacIpAdvertisement),
            ("192.0.2.2", "0.0.0.0", EvpnRouteType.MacIpAdvertisement),
        }));
        var counts = fixture.Engine.GetMartianNextHops().ToDictionary(c => c.Peer!.ToString(), c => c.Routes);
        Assert.That(counts, Is.EquivalentTo(new Dictionary<string, long> { ["192.0.2.1"] = 4, ["192.0.2.2"] = 1 }));
        Assert.That(fixture.Dataplane.Take(), Is.Empty);
    }

    [Test]
    public void A_route_replaced_by_one_with_a_martian_next_hop_is_removed()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(s_mac, "10.0.0.2");
        fixture.Dataplane.Log.Clear();

        fixture.RemoteMac(s_mac, "10.0.0.2", nextHop: "127.0.0.1");

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { $"mac- 100 {s_mac}" }));
    }

    [Test]
    public void A_type_2_towards_our_own_VTEP_is_not_installed()
    {
        // A reflected route, or the other half of an anycast VTEP pair.
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteMac(s_mac, "10.0.0.1", ip: "192.168.1.20");

        Assert.That(fixture.Dataplane.Take(), Is.Empty);
        Assert.That(fixture.Engine.GetMartianNextHops().Single().Last.Reason, Is.EqualTo(MartianReason.OwnVtep));
    }

    [Test]
    public void The_VTEP_of_any_local_VNI_is_our_own()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(new Vni(200), IPAddress.Parse("10.0.0.5")));
        fixture.Dataplane.Log.Clear();

        fixture.RemoteMac(s_mac, "10.0.0.5");
        fixture.RemoteImet("10.0.0.5");

        Assert.That(fixture.Dataplane.Take(), Is.Empty);
    }

    [Test]
    public void A_route_towards_a_VTEP_that_stops_being_ours_is_installed_then()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(s_mac, "10.0.0.1");
        fixture.RemoteImet("10.0.0.1");
        Assert.That(fixture.Dataplane.Take(), Is.Empty);

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.9")));

        Assert.That(fixture.Dataplane.Take(), Is.EquivalentTo(new[] { $"mac 100 {s_mac} 10.0.0.1", "flood+ 100 10.0.0.1" }));
    }

    [Test]
    public void A_route_towards_a_VTEP_that_becomes_ours_is_removed()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(s_mac, "10.0.0.9", ip: "192.168.1.9");
        fixture.RemoteImet("10.0.0.9");
        fixture.Dataplane.Log.Clear();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.9")));

        Assert.That(fixture.Dataplane.Take(), Is.EquivalentTo(new[] { $"mac- 100 {s_mac}", "neigh- 100 192.168.1.9", "flood- 100 10.0.0.9" }));
        Assert.That(fixture.Engine.GetMacs(), Is.Empty);
    }

    [Test]
    public void A_type_3_whose_tunnel_endpoint_is_martian_is_not_a_flood_destination()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteImet("10.0.0.2", tunnel: "127.0.0.1");

        Assert.That(fixture.Dataplane.Take(), Is.Empty);
    }
}
