using System.Net;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>
/// Neighbours the kernel learns on a VNI's bridge (an SVI resolving hosts): they attach an IP to a
/// local MAC and never make a MAC local (zebra_evpn_neigh.c does the same).
/// </summary>
public sealed class EvpnEngineNeighborTests
{
    private static readonly MacAddress s_host = EngineFixture.Mac(7);
    private static readonly IPAddress s_hostIp = IPAddress.Parse("192.168.1.7");

    [Test]
    public void A_neighbour_of_a_remote_MAC_is_not_advertised_and_does_not_move_the_MAC()
    {
        // The SVI of this VTEP pings host H behind VTEP 10.0.0.2: the kernel adds a neighbour for H.
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(s_host, "10.0.0.2", ip: "192.168.1.7");
        fixture.Dataplane.Log.Clear();

        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, s_hostIp, s_host, router: false);

        Assert.That(fixture.Originator.Log, Is.Empty, "nothing advertised, no sequence + 1");
        Assert.That(fixture.Dataplane.Take(), Is.Empty, "the remote MAC and its neighbour entry stay installed");
        var shown = fixture.Engine.GetMacs().Single();
        Assert.That((shown.IsLocal, shown.RemoteVtep, shown.Sequence), Is.EqualTo((false, IPAddress.Parse("10.0.0.2"), 0u)));
        Assert.That(fixture.Engine.GetLocalNeighbors().Single().Active, Is.False);
    }

    [Test]
    public void A_neighbour_of_an_unknown_MAC_waits_and_is_advertised_once_the_MAC_is_learned_locally()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, s_hostIp, s_host, router: false);
        Assert.That(fixture.Originator.Log, Is.Empty);
        Assert.That(fixture.Engine.GetMacs(), Is.Empty, "a neighbour alone is no MAC");

        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_host);

        Assert.That(AdvertisedIps(fixture), Is.EquivalentTo(new[] { IpAddressValue.None, IpAddressValue.From(s_hostIp) }));
        Assert.That(fixture.Engine.GetLocalNeighbors().Single().Active, Is.True);
        Assert.That(fixture.Engine.GetMacs().Single().Ips, Is.EqualTo(new[] { s_hostIp }));
    }

    [Test]
    public void When_the_MAC_ages_out_its_neighbour_is_withdrawn_and_waits_again()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_host);
        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, s_hostIp, s_host, router: false);

        fixture.Engine.LocalMacRemoved(EngineFixture.Vni100, s_host);
        Assert.That(AdvertisedIps(fixture), Is.Empty);
        Assert.That(fixture.Engine.GetLocalNeighbors().Single().Active, Is.False);

        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_host);
        Assert.That(AdvertisedIps(fixture), Is.EquivalentTo(new[] { IpAddressValue.None, IpAddressValue.From(s_hostIp) }));
    }

    [Test]
    public void A_neighbour_whose_MAC_moves_away_is_withdrawn_with_it()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_host);
        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, s_hostIp, s_host, router: false);

        fixture.RemoteMac(s_host, "10.0.0.2", sequence: 1);

        Assert.That(AdvertisedIps(fixture), Is.Empty);
        Assert.That(fixture.Engine.GetMacs().Single().RemoteVtep, Is.EqualTo(IPAddress.Parse("10.0.0.2")));
        Assert.That(fixture.Engine.GetLocalNeighbors().Single().Active, Is.False);
    }

    [Test]
    public void Removing_a_neighbour_withdraws_only_its_MAC_IP_route()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_host);
        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, s_hostIp, s_host, router: false);
        fixture.Originator.Log.Clear();

        fixture.Engine.LocalNeighborRemoved(EngineFixture.Vni100, s_hostIp);

        Assert.That(fixture.Originator.Log, Is.EqualTo(new[] { $"-t2 10.0.0.1:1 {s_host} 192.168.1.7" }));
        Assert.That(AdvertisedIps(fixture), Is.EqualTo(new[] { IpAddressValue.None }));
        Assert.That(fixture.Engine.GetLocalNeighbors(), Is.Empty);
    }

    [Test]
    public void An_IP_that_moves_to_another_local_MAC_is_advertised_with_the_new_MAC_only()
    {
        var fixture = new EngineFixture().WithVni100();
        var other = EngineFixture.Mac(8);
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_host);
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, other);
        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, s_hostIp, s_host, router: false);
        fixture.Originator.Log.Clear();

        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, s_hostIp, other, router: false);

        Assert.That(fixture.Originator.Log, Is.EquivalentTo(new[] { $"-t2 10.0.0.1:1 {s_host} 192.168.1.7", $"+t2 10.0.0.1:1 {other} 192.168.1.7" }));
    }

    [Test]
    public void Learning_the_same_neighbour_again_originates_nothing()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_host);
        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, s_hostIp, s_host, router: false);
        fixture.Originator.Log.Clear();

        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, s_hostIp, s_host, router: false);

        Assert.That(fixture.Originator.Log, Is.Empty);
    }

    [Test]
    public void An_IPv6_router_neighbour_is_advertised_with_the_ARP_ND_community_and_R_set()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_host);

        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, IPAddress.Parse("fd10::1"), s_host, router: true);
        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, IPAddress.Parse("fd10::2"), s_host, router: false);
        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, s_hostIp, s_host, router: true);

        Assert.That(ArpNdOf(fixture, "fd10::1"), Is.EqualTo(ArpNdCommunity.Create(router: true)));
        Assert.That(ArpNdOf(fixture, "fd10::2"), Is.Null, "a host: no community, as FRR sends it");
        Assert.That(ArpNdOf(fixture, "192.168.1.7"), Is.Null, "the R flag is an ND flag (RFC 9047 s2)");
        Assert.That(ArpNdOf(fixture, null), Is.Null, "the MAC-only route carries no ARP/ND community");
    }

    [Test]
    public void A_neighbour_that_becomes_a_router_is_re_advertised_with_R()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_host);
        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, IPAddress.Parse("fd10::1"), s_host, router: false);

        fixture.Engine.LocalNeighborLearned(EngineFixture.Vni100, IPAddress.Parse("fd10::1"), s_host, router: true);

        Assert.That(ArpNdOf(fixture, "fd10::1")?.Router, Is.True);
        Assert.That(fixture.Engine.GetLocalNeighbors().Single().Router, Is.True);
    }

    [Test]
    public void A_remote_IPv6_route_with_R_set_installs_a_router_neighbour()
    {
        var fixture = new EngineFixture().WithVni100("fd00::1");

        fixture.RemoteMac(s_host, "fd00::2", ip: "fd10::20", arpNd: ArpNdCommunity.Create(router: true, @override: true));
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { $"mac 100 {s_host} fd00::2", $"neigh 100 fd10::20 {s_host} router" }));

        fixture.RemoteMac(s_host, "fd00::2", ip: "fd10::20", arpNd: ArpNdCommunity.Create(router: false, @override: true));
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { $"neigh 100 fd10::20 {s_host}" }), "the flag change re-installs the neighbour");
    }

    [Test]
    public void A_remote_IPv4_route_with_R_set_installs_a_plain_neighbour()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteMac(s_host, "10.0.0.2", ip: "192.168.1.20", arpNd: ArpNdCommunity.Create(router: true));

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { $"mac 100 {s_host} 10.0.0.2", $"neigh 100 192.168.1.20 {s_host}" }));
    }

    [Test]
    public void Neighbours_of_a_VNI_that_is_not_local_are_ignored()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.Engine.LocalNeighborLearned(new Vni(200), s_hostIp, s_host, router: false);

        Assert.That(fixture.Engine.GetLocalNeighbors(), Is.Empty);
    }

    private static IEnumerable<IpAddressValue> AdvertisedIps(EngineFixture fixture) =>
        fixture.Originator.Routes.OfType<MacIpAdvertisementRoute>().Where(r => r.Mac == s_host).Select(r => r.Ip);

    private static ArpNdCommunity? ArpNdOf(EngineFixture fixture, string? ip)
    {
        var address = ip is null ? IpAddressValue.None : IpAddressValue.Parse(ip);
        var route = fixture.Originator.Single(r => r is MacIpAdvertisementRoute m && m.Mac == s_host && m.Ip == address);
        return EvpnCommunities.Read(route.Attributes.OfType<ExtendedCommunitiesAttribute>().Single().Communities.AsSpan()).ArpNd;
    }
}
