using System.Net;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

public sealed class EvpnEngineImportTests
{
    [Test]
    public void A_type_3_with_ingress_replication_adds_its_VTEP_to_the_flood_list_and_its_withdrawal_removes_it()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteImet("10.0.0.2");
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood+ 100 10.0.0.2" }));
        Assert.That(fixture.Engine.GetVnis().Single().RemoteVteps, Is.EqualTo(new[] { IPAddress.Parse("10.0.0.2") }));

        fixture.RemoteImet("10.0.0.2", withdraw: true);
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood- 100 10.0.0.2" }));
        Assert.That(fixture.Engine.GetVnis().Single().RemoteVteps, Is.Empty);
    }

    [Test]
    public void The_flood_VTEP_is_the_tunnel_identifier()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteImet("10.0.0.2", tunnel: "10.9.9.9");

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood+ 100 10.9.9.9" }));
    }

    [Test]
    public void Without_a_PMSI_tunnel_the_flood_VTEP_is_the_originating_router()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteImet("10.0.0.2", pmsi: false);

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood+ 100 10.0.0.2" }));
    }

    [Test]
    public void A_type_3_with_a_multicast_tunnel_is_not_installed()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteImet("10.0.0.2", type: PmsiTunnelType.PimSsm);

        Assert.That(fixture.Dataplane.Take(), Is.Empty);
    }

    [Test]
    public void Re_advertising_an_identical_route_yields_no_new_intent()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteImet("10.0.0.2");
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", sequence: 3, ip: "192.168.1.20");
        Assert.That(fixture.Dataplane.Take(), Has.Count.EqualTo(3));

        fixture.RemoteImet("10.0.0.2");
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", sequence: 3, ip: "192.168.1.20");

        Assert.That(fixture.Dataplane.Take(), Is.Empty);
        Assert.That(fixture.Originator.Log, Is.Empty);
    }

    [Test]
    public void A_remote_MAC_IP_installs_the_MAC_at_its_VTEP_and_a_neighbour_entry()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2");
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", ip: "192.168.1.20");
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac 100 02:00:00:00:00:02 10.0.0.2", "neigh 100 192.168.1.20 02:00:00:00:00:02" }));
        var mac = fixture.Engine.GetMacs(EngineFixture.Vni100).Single();
        Assert.That(mac.RemoteVtep, Is.EqualTo(IPAddress.Parse("10.0.0.2")));
        Assert.That(mac.Ips, Is.EqualTo(new[] { IPAddress.Parse("192.168.1.20") }));

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", ip: "192.168.1.20", withdraw: true);
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "neigh- 100 192.168.1.20" }));

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", withdraw: true);
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac- 100 02:00:00:00:00:02" }));
        Assert.That(fixture.Engine.GetMacs(), Is.Empty);
    }

    [Test]
    public void An_IPv6_VTEP_and_neighbour_are_installed()
    {
        var fixture = new EngineFixture().WithVni100("fd00::1");

        fixture.RemoteMac(EngineFixture.Mac(2), "fd00::2", ip: "fd10::20");

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac 100 02:00:00:00:00:02 fd00::2", "neigh 100 fd10::20 02:00:00:00:00:02" }));
    }

    [TestCase("65002:100", true, TestName = "Wildcard import takes another AS's auto RT")]
    [TestCase("65001:100", true, TestName = "Wildcard import takes our own AS's auto RT")]
    [TestCase("65002:268435556", true, TestName = "Wildcard import takes an RFC 8365 auto RT")]
    [TestCase("65002:200", false, TestName = "Wildcard import ignores another VNI's RT")]
    [TestCase("4200000001:100", true, TestName = "Wildcard import takes a 4-octet AS's RT")]
    [TestCase("10.255.0.2:100", true, TestName = "Wildcard import takes an IPv4-administered RT")]
    public void Auto_import_matches_the_VNI_from_any_AS(string rt, bool imported)
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteImet("10.0.0.2", rt: rt);

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(imported ? new[] { "flood+ 100 10.0.0.2" } : Array.Empty<string>()));
        Assert.That(fixture.Engine.GetRoutes(EvpnRouteType.InclusiveMulticast).Count(r => r.Origin == EvpnRouteOrigin.Imported), Is.EqualTo(imported ? 1 : 0));
    }

    [TestCase("65001:100", true)]
    [TestCase("65002:100", false)]
    public void Without_wildcard_import_only_our_own_auto_RT_matches(string rt, bool imported)
    {
        var fixture = new EngineFixture(o => o with { WildcardImport = false }).WithVni100();

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", rt: rt);

        Assert.That(fixture.Dataplane.Take(), Has.Count.EqualTo(imported ? 1 : 0));
    }

    [TestCase("65000:7", true)]
    [TestCase("65002:100", false, TestName = "Configured import RTs replace the auto one")]
    [TestCase("65099:7", true, TestName = "A configured wildcard import RT matches any AS")]
    public void Configured_import_RTs_match_as_configured(string rt, bool imported)
    {
        var fixture = new EngineFixture();
        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1"))
        {
            ImportRouteTargets = [ImportRouteTarget.Parse("65000:7"), ImportRouteTarget.Parse(rt.StartsWith("65099", StringComparison.Ordinal) ? "*:7" : "65000:8")],
        });

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", rt: rt);

        Assert.That(fixture.Dataplane.Take(), Has.Count.EqualTo(imported ? 1 : 0));
    }

    [Test]
    public void A_route_is_imported_into_every_VNI_whose_import_RTs_match()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(new Vni(200), IPAddress.Parse("10.0.0.1")) { ImportRouteTargets = [ImportRouteTarget.Parse("65002:100")] });
        fixture.Dataplane.Log.Clear();

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", rt: "65002:100");

        Assert.That(fixture.Dataplane.Take(), Is.EquivalentTo(new[] { "mac 100 02:00:00:00:00:02 10.0.0.2", "mac 200 02:00:00:00:00:02 10.0.0.2" }));
    }

    [Test]
    public void Changing_a_VNIs_import_RTs_re_imports()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteImet("10.0.0.2", rt: "65002:100");
        fixture.RemoteImet("10.0.0.3", rt: "65000:7");
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood+ 100 10.0.0.2" }));

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")) { ImportRouteTargets = [ImportRouteTarget.Parse("65000:7")] });

        Assert.That(fixture.Dataplane.Take(), Is.EquivalentTo(new[] { "flood- 100 10.0.0.2", "flood+ 100 10.0.0.3" }));
    }

    [Test]
    public void A_route_whose_RTs_change_to_no_match_is_removed()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2");
        fixture.Dataplane.Log.Clear();

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", rt: "65002:999");

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac- 100 02:00:00:00:00:02" }));
    }

    [Test]
    public void GetRoutes_shows_originated_and_imported_routes_with_RD_RTs_and_next_hop()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(1));
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", sequence: 4);

        var routes = fixture.Engine.GetRoutes(EvpnRouteType.MacIpAdvertisement, EngineFixture.Vni100);

        Assert.That(routes.Select(r => (r.Origin, r.Rd.ToString(), string.Join(",", r.RouteTargets), r.NextHop?.ToString(), r.Sequence)), Is.EquivalentTo(new[]
        {
            (EvpnRouteOrigin.Local, "10.0.0.1:1", "65001:100", "10.0.0.1", 0u),
            (EvpnRouteOrigin.Imported, "10.0.0.2:1", "65002:100", "10.0.0.2", 4u),
        }));
        Assert.That(fixture.Engine.GetRoutes(EvpnRouteType.InclusiveMulticast).Single().Origin, Is.EqualTo(EvpnRouteOrigin.Local));
        Assert.That(fixture.Engine.GetRoutes(vni: new Vni(5)), Is.Empty);
    }

    [Test]
    public void Our_own_VTEP_is_never_a_flood_destination()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteImet("10.0.0.1");

        Assert.That(fixture.Dataplane.Take(), Is.Empty);
    }

    [Test]
    public void A_best_path_change_to_our_own_path_counts_as_the_remote_route_leaving()
    {
        var fixture = new EngineFixture().WithVni100();
        var route = new InclusiveMulticastRoute(RouteDistinguisher.Parse("10.0.0.2:1"), new EthernetTag(0), IpAddressValue.Parse("10.0.0.2"));
        var attributes = new AttributeSetInterner().Intern(new PathAttribute[]
        {
            new OriginAttribute(Origin.Igp),
            new ExtendedCommunitiesAttribute([RouteTarget.Parse("65002:100").ToExtendedCommunity()]),
            PmsiTunnel.IngressReplication(new Vni(100), IpAddressValue.Parse("10.0.0.2")).ToAttribute(),
        });
        var change = new BestPathChange
        {
            Kind = BestPathChangeKind.Added,
            Family = AfiSafi.L2vpnEvpn,
            Nlri = route.Encode(),
            Attributes = attributes,
            NextHop = new byte[] { 10, 0, 0, 2 },
            Peer = IPAddress.Parse("192.0.2.1"),
        };

        fixture.Engine.RemoteRouteChanged(change);
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood+ 100 10.0.0.2" }));

        fixture.Engine.RemoteRouteChanged(change with { Kind = BestPathChangeKind.Replaced, IsLocal = true, Peer = null });
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood- 100 10.0.0.2" }));
    }

    [Test]
    public void A_global_plus_link_local_IPv6_next_hop_installs_at_the_global_address()
    {
        var fixture = new EngineFixture().WithVni100("fd00::1");
        var route = new MacIpAdvertisementRoute(RouteDistinguisher.Parse("65002:2"), EthernetSegmentId.Zero, new EthernetTag(0), EngineFixture.Mac(2), IpAddressValue.None, 100);
        var attributes = new AttributeSetInterner().Intern(new PathAttribute[] { new ExtendedCommunitiesAttribute([RouteTarget.Parse("65002:100").ToExtendedCommunity()]) });
        byte[] nextHop = [.. IPAddress.Parse("fd00::2").GetAddressBytes(), .. IPAddress.Parse("fe80::2").GetAddressBytes()];

        fixture.Engine.RemoteRouteChanged(route.Encode(), attributes, nextHop, IPAddress.Parse("fe80::2"));

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac 100 02:00:00:00:00:02 fd00::2" }));
    }
}
