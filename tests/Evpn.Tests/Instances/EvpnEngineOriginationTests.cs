using System.Net;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

public sealed class EvpnEngineOriginationTests
{
    private static readonly RouteDistinguisher s_autoRd = RouteDistinguisher.Parse("10.0.0.1:1");

    [Test]
    public void A_local_VNI_originates_a_type_3_route_with_an_ingress_replication_tunnel_to_its_VTEP()
    {
        var fixture = new EngineFixture();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")));

        var (route, nextHop, attributes) = fixture.Originator.Single(_ => true);
        Assert.That(route, Is.EqualTo(new InclusiveMulticastRoute(s_autoRd, new EthernetTag(0), IpAddressValue.Parse("10.0.0.1"))));
        Assert.That(nextHop, Is.EqualTo(new byte[] { 10, 0, 0, 1 }));
        Assert.That(attributes.OfType<OriginAttribute>().Single().Value, Is.EqualTo(Origin.Igp));
        Assert.That(attributes.OfType<AsPathAttribute>().Single().Segments, Is.Empty);
        var communities = attributes.OfType<ExtendedCommunitiesAttribute>().Single().Communities;
        Assert.That(communities, Does.Contain(RouteTarget.Parse("65001:100").ToExtendedCommunity()));
        Assert.That(EvpnCommunities.Read(communities.AsSpan()).IsVxlan, Is.True);
        Assert.That(PmsiTunnel.TryDecode(attributes.OfType<PmsiTunnelAttribute>().Single(), out var tunnel), Is.EqualTo(UpdateErrorAction.None));
        Assert.That(tunnel!.TunnelType, Is.EqualTo(PmsiTunnelType.IngressReplication));
        Assert.That(tunnel.Label, Is.EqualTo(100u));
        Assert.That(tunnel.TunnelEndpoint, Is.EqualTo(IpAddressValue.Parse("10.0.0.1")));
    }

    [Test]
    public void An_IPv6_VTEP_is_the_originator_tunnel_endpoint_and_next_hop()
    {
        var fixture = new EngineFixture();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("fd00::1")));

        var (route, nextHop, attributes) = fixture.Originator.Single(_ => true);
        Assert.That(((InclusiveMulticastRoute)route).OriginatingRouter, Is.EqualTo(IpAddressValue.Parse("fd00::1")));
        Assert.That(nextHop, Is.EqualTo(IPAddress.Parse("fd00::1").GetAddressBytes()));
        PmsiTunnel.TryDecode(attributes.OfType<PmsiTunnelAttribute>().Single(), out var tunnel);
        Assert.That(tunnel!.TunnelEndpoint, Is.EqualTo(IpAddressValue.Parse("fd00::1")));
    }

    [Test]
    public void A_local_MAC_and_MAC_IP_originate_type_2_routes_with_the_VNI_as_label_and_no_mobility_community()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(1), IPAddress.Parse("192.168.1.10"));

        var macOnly = fixture.Originator.Single(r => r is MacIpAdvertisementRoute { Ip.IsNone: true });
        Assert.That(macOnly.Route, Is.EqualTo(new MacIpAdvertisementRoute(
            s_autoRd, EthernetSegmentId.Zero, new EthernetTag(0), EngineFixture.Mac(1), IpAddressValue.None, 100)));
        var macIp = fixture.Originator.Single(r => r is MacIpAdvertisementRoute { Ip.IsNone: false });
        Assert.That(macIp.Route, Is.EqualTo(new MacIpAdvertisementRoute(
            s_autoRd, EthernetSegmentId.Zero, new EthernetTag(0), EngineFixture.Mac(1), IpAddressValue.Parse("192.168.1.10"), 100)));
        Assert.That(macIp.NextHop, Is.EqualTo(new byte[] { 10, 0, 0, 1 }));
        var communities = macIp.Attributes.OfType<ExtendedCommunitiesAttribute>().Single().Communities;
        Assert.That(communities, Does.Contain(RouteTarget.Parse("65001:100").ToExtendedCommunity()));
        var evpn = EvpnCommunities.Read(communities.AsSpan());
        Assert.That(evpn.IsVxlan, Is.True);
        Assert.That(evpn.MacMobility, Is.Null);
        Assert.That(macIp.Attributes.OfType<OriginAttribute>().Single().Value, Is.EqualTo(Origin.Igp));
        Assert.That(macIp.Attributes.OfType<PmsiTunnelAttribute>(), Is.Empty);
    }

    [Test]
    public void A_sticky_local_MAC_carries_the_sticky_flag()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(1), sticky: true);

        var route = fixture.Originator.Single(r => r is MacIpAdvertisementRoute);
        var mobility = EvpnCommunities.Read(route.Attributes.OfType<ExtendedCommunitiesAttribute>().Single().Communities.AsSpan()).MacMobility;
        Assert.That(mobility, Is.EqualTo(new MacMobilityCommunity(0, true)));
    }

    [Test]
    public void Removing_a_local_IP_withdraws_only_its_MAC_IP_route_and_removing_the_MAC_withdraws_the_rest()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(1), IPAddress.Parse("192.168.1.10"));

        fixture.Engine.LocalMacRemoved(EngineFixture.Vni100, EngineFixture.Mac(1), IPAddress.Parse("192.168.1.10"));
        Assert.That(fixture.Originator.Routes.OfType<MacIpAdvertisementRoute>().Select(r => r.Ip), Is.EqualTo(new[] { IpAddressValue.None }));

        fixture.Engine.LocalMacRemoved(EngineFixture.Vni100, EngineFixture.Mac(1));
        Assert.That(fixture.Originator.Routes.OfType<MacIpAdvertisementRoute>(), Is.Empty);
    }

    [Test]
    public void RFC_8365_auto_route_targets_carry_the_VXLAN_type_bit()
    {
        var fixture = new EngineFixture(o => o with { RouteTargetAutoForm = RouteTargetAutoForm.Rfc8365 });

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")));

        var communities = fixture.Originator.Single(_ => true).Attributes.OfType<ExtendedCommunitiesAttribute>().Single().Communities;
        Assert.That(communities, Does.Contain(RouteTarget.FromTwoOctetAs(65001, 0x1000_0064).ToExtendedCommunity()));
        Assert.That(fixture.Engine.GetVnis().Single().ExportRouteTargets, Is.EqualTo(new[] { RouteTarget.Parse("65001:268435556") }));
    }

    [Test]
    public void Auto_route_targets_use_the_low_16_bits_of_a_four_octet_AS()
    {
        var fixture = new EngineFixture(o => o with { LocalAs = 4_200_000_001 });

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")));

        Assert.That(fixture.Engine.GetVnis().Single().ExportRouteTargets,
            Is.EqualTo(new[] { RouteTarget.FromTwoOctetAs((ushort)(4_200_000_001 & 0xFFFF), 100) }));
    }

    [Test]
    public void Configured_RD_and_export_RTs_replace_the_auto_ones()
    {
        var fixture = new EngineFixture();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1"))
        {
            Rd = RouteDistinguisher.Parse("65001:7"),
            ExportRouteTargets = [RouteTarget.Parse("65000:1"), RouteTarget.Parse("65000:2")],
        });

        var (route, _, attributes) = fixture.Originator.Single(_ => true);
        Assert.That(route.Rd, Is.EqualTo(RouteDistinguisher.Parse("65001:7")));
        var rts = attributes.OfType<ExtendedCommunitiesAttribute>().Single().Communities
            .Select(c => RouteTarget.TryFrom(c, out var rt) ? rt.ToString() : null).OfType<string>();
        Assert.That(rts, Is.EqualTo(new[] { "65000:1", "65000:2" }));
    }

    [Test]
    public void A_new_RD_withdraws_the_old_routes_and_new_export_RTs_replace_them_in_place()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(1));
        fixture.Originator.Log.Clear();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")) { Rd = RouteDistinguisher.Parse("65001:9") });

        Assert.That(fixture.Originator.Log, Is.EquivalentTo(new[]
        {
            "-t3 10.0.0.1:1 10.0.0.1", "+t3 65001:9 10.0.0.1",
            "-t2 10.0.0.1:1 02:00:00:00:00:01", "+t2 65001:9 02:00:00:00:00:01",
        }));
        fixture.Originator.Log.Clear();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1"))
        {
            Rd = RouteDistinguisher.Parse("65001:9"),
            ExportRouteTargets = [RouteTarget.Parse("65000:5")],
        });

        Assert.That(fixture.Originator.Log, Is.EquivalentTo(new[] { "+t3 65001:9 10.0.0.1", "+t2 65001:9 02:00:00:00:00:01" }));
        Assert.That(fixture.Originator.Table, Has.Count.EqualTo(2));
    }

    [Test]
    public void Reapplying_an_unchanged_VNI_originates_nothing()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(1));
        fixture.Originator.Log.Clear();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")));

        Assert.That(fixture.Originator.Log, Is.Empty);
    }

    [Test]
    public void A_new_VTEP_re_originates_with_the_new_next_hop()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.9")));

        var (route, nextHop, _) = fixture.Originator.Single(_ => true);
        Assert.That(((InclusiveMulticastRoute)route).OriginatingRouter, Is.EqualTo(IpAddressValue.Parse("10.0.0.9")));
        Assert.That(nextHop, Is.EqualTo(new byte[] { 10, 0, 0, 9 }));
    }

    [Test]
    public void Removing_a_VNI_withdraws_all_its_routes_and_removes_what_it_installed()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(1), IPAddress.Parse("192.168.1.10"));
        fixture.RemoteImet("10.0.0.2");
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", ip: "192.168.1.20");
        fixture.Dataplane.Log.Clear();

        fixture.Engine.RemoveLocalVni(EngineFixture.Vni100);

        Assert.That(fixture.Originator.Table, Is.Empty);
        Assert.That(fixture.Dataplane.Take(), Is.EquivalentTo(new[]
        {
            "flood- 100 10.0.0.2", "mac- 100 02:00:00:00:00:02", "neigh- 100 192.168.1.20",
        }));
        Assert.That(fixture.Engine.GetVnis(), Is.Empty);
        Assert.That(fixture.Engine.GetRoutes(), Is.Empty);
    }

    [Test]
    public void Re_adding_a_VNI_imports_the_routes_peers_still_advertise()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteImet("10.0.0.2");
        fixture.Engine.RemoveLocalVni(EngineFixture.Vni100);
        fixture.Dataplane.Log.Clear();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")));

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood+ 100 10.0.0.2" }));
    }

    [Test]
    public void MACs_of_a_VNI_that_is_not_local_are_ignored()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.Engine.LocalMacLearned(new Vni(200), EngineFixture.Mac(1));

        Assert.That(fixture.Originator.Log, Is.Empty);
        Assert.That(fixture.Engine.GetMacs(), Is.Empty);
    }

    [Test]
    public void Learning_a_local_MAC_again_originates_nothing_new()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(1), IPAddress.Parse("192.168.1.10"));
        fixture.Originator.Log.Clear();

        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(1), IPAddress.Parse("192.168.1.10"));
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(1));

        Assert.That(fixture.Originator.Log, Is.Empty);
        Assert.That(fixture.Dataplane.Log, Is.Empty);
    }

    [TestCase("01:00:5e:00:00:16", "224.0.0.22")]
    [TestCase("33:33:00:00:00:16", "ff02::16")]
    [TestCase("ff:ff:ff:ff:ff:ff", null)]
    public void A_group_MAC_seen_locally_is_never_advertised(string mac, string? ip)
    {
        var fixture = new EngineFixture().WithVni100();
        var before = fixture.Originator.Table.Count;

        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, MacAddress.Parse(mac), ip is null ? null : IPAddress.Parse(ip));

        Assert.That(fixture.Originator.Table, Has.Count.EqualTo(before), "only the type-3 route");
        Assert.That(fixture.Engine.GetMacs(EngineFixture.Vni100), Is.Empty);
    }
}
