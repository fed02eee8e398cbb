using System.Net;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>
/// How the engine holds remote routes: a MAC-only route costs one compact slot, anything more a
/// detailed entry that folds back when it is no longer needed, and nothing is left behind when the
/// routes go. Each test also checks what a user sees (intents, snapshots).
/// </summary>
public sealed class EvpnEngineRouteStateTests
{
    [Test]
    public void MAC_only_routes_are_held_compactly_and_leave_nothing_behind_when_withdrawn()
    {
        var fixture = new EngineFixture().WithVni100();

        for (int i = 0; i < 1000; i++)
        {
            fixture.RemoteMac(EngineFixture.Mac(i), $"10.0.0.{2 + (i % 10)}");
        }

        Assert.That(fixture.Dataplane.Take(), Has.Count.EqualTo(1000).And.All.StartsWith("mac 100 "));
        var held = fixture.Engine.Footprint();
        Assert.That((held.CompactMacs, held.DetailedMacs, held.Sources, held.KeyPrefixes), Is.EqualTo((1000, 0, 10, 10)));

        for (int i = 0; i < 1000; i++)
        {
            fixture.RemoteMac(EngineFixture.Mac(i), $"10.0.0.{2 + (i % 10)}", withdraw: true);
        }

        Assert.That(fixture.Dataplane.Take(), Has.Count.EqualTo(1000).And.All.StartsWith("mac- 100 "));
        Assert.That(fixture.Engine.Footprint(), Is.EqualTo(default(EngineFootprint)));
        Assert.That(fixture.Engine.GetMacs(), Is.Empty);
    }

    [Test]
    public void MAC_IP_routes_install_the_MAC_and_the_neighbour_and_leave_nothing_behind()
    {
        var fixture = new EngineFixture().WithVni100();
        var mac = EngineFixture.Mac(2);

        fixture.RemoteMac(mac, "10.0.0.2", ip: "192.168.1.20");
        fixture.RemoteMac(mac, "10.0.0.2", ip: "fd10::20");
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[]
        {
            $"mac 100 {mac} 10.0.0.2", $"neigh 100 192.168.1.20 {mac}", $"neigh 100 fd10::20 {mac}",
        }));
        Assert.That(fixture.Engine.GetMacs().Single().Ips, Is.EquivalentTo(new[] { IPAddress.Parse("192.168.1.20"), IPAddress.Parse("fd10::20") }));

        fixture.RemoteMac(mac, "10.0.0.2", ip: "192.168.1.20", withdraw: true);
        fixture.RemoteMac(mac, "10.0.0.2", ip: "fd10::20", withdraw: true);

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "neigh- 100 192.168.1.20", $"mac- 100 {mac}", "neigh- 100 fd10::20" }));
        Assert.That(fixture.Engine.Footprint(), Is.EqualTo(default(EngineFootprint)));
    }

    [Test]
    public void A_new_next_hop_for_the_same_route_re_installs_the_MAC_without_counting_a_move()
    {
        var fixture = new EngineFixture().WithVni100();
        var mac = EngineFixture.Mac(2);
        fixture.RemoteMac(mac, "10.0.0.2", sequence: 1);
        fixture.Dataplane.Log.Clear();

        fixture.RemoteMac(mac, "10.0.0.2", sequence: 1, nextHop: "10.0.0.12");

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { $"mac 100 {mac} 10.0.0.12" }));
        Assert.That(fixture.Engine.Footprint().DetailedMacs, Is.Zero);
    }

    [Test]
    public void Moves_between_remote_VTEPs_count_for_duplicate_detection()
    {
        var fixture = new EngineFixture().WithVni100();
        var mac = EngineFixture.Mac(2);
        fixture.RemoteMac(mac, "10.0.0.2", sequence: 0);

        for (uint sequence = 1; sequence <= 5; sequence++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(10));
            fixture.RemoteMac(mac, sequence % 2 == 1 ? "10.0.0.3" : "10.0.0.2", sequence);
            fixture.RemoteMac(mac, sequence % 2 == 1 ? "10.0.0.2" : "10.0.0.3", sequence - 1, withdraw: true);
        }

        var shown = fixture.Engine.GetMacs().Single();
        Assert.That((shown.RemoteVtep, shown.Sequence, shown.Duplicate), Is.EqualTo((IPAddress.Parse("10.0.0.3"), 5u, true)));
    }

    [Test]
    public void A_moved_MAC_goes_back_to_the_compact_form_once_its_move_no_longer_counts()
    {
        var fixture = new EngineFixture().WithVni100();
        var mac = EngineFixture.Mac(2);
        fixture.RemoteMac(mac, "10.0.0.2");
        fixture.RemoteMac(mac, "10.0.0.3", sequence: 1);
        fixture.RemoteMac(mac, "10.0.0.2", withdraw: true);
        Assert.That(fixture.Engine.Footprint().DetailedMacs, Is.EqualTo(1), "the move is remembered for duplicate detection");

        fixture.Time.Advance(TimeSpan.FromSeconds(181));
        fixture.RemoteMac(mac, "10.0.0.3", sequence: 2);

        Assert.That(fixture.Engine.Footprint().DetailedMacs, Is.Zero);
        var shown = fixture.Engine.GetMacs().Single();
        Assert.That((shown.RemoteVtep, shown.Sequence), Is.EqualTo((IPAddress.Parse("10.0.0.3"), 2u)));
    }

    [Test]
    public void A_moved_MAC_that_changes_no_more_goes_back_to_the_compact_form_on_a_tick()
    {
        var fixture = new EngineFixture().WithVni100();
        var mac = EngineFixture.Mac(2);
        fixture.RemoteMac(mac, "10.0.0.2");
        fixture.RemoteMac(mac, "10.0.0.3", sequence: 1);
        fixture.RemoteMac(mac, "10.0.0.2", withdraw: true);
        fixture.Dataplane.Log.Clear();

        fixture.Time.Advance(TimeSpan.FromSeconds(180));
        fixture.Engine.Tick();
        Assert.That(fixture.Engine.Footprint().DetailedMacs, Is.EqualTo(1), "the move still counts at the end of the window");

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        fixture.Engine.Tick();

        Assert.That(fixture.Engine.Footprint().DetailedMacs, Is.Zero);
        Assert.That(fixture.Dataplane.Take(), Is.Empty);
        Assert.That(fixture.Engine.GetMacs().Single().RemoteVtep, Is.EqualTo(IPAddress.Parse("10.0.0.3")));
    }

    [Test]
    public void A_route_imported_into_two_VNIs_is_withdrawn_from_both()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(new Vni(200), IPAddress.Parse("10.0.0.1")) { ImportRouteTargets = [ImportRouteTarget.Parse("65002:100")] });
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2");
        fixture.Dataplane.Log.Clear();

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", withdraw: true);

        Assert.That(fixture.Dataplane.Take(), Is.EquivalentTo(new[] { "mac- 100 02:00:00:00:00:02", "mac- 200 02:00:00:00:00:02" }));
        Assert.That(fixture.Engine.Footprint(), Is.EqualTo(default(EngineFootprint)));
    }

    [Test]
    public void A_VNI_added_later_imports_the_MACs_peers_already_advertise()
    {
        var fixture = new EngineFixture();
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", ip: "192.168.1.20");
        fixture.RemoteMac(EngineFixture.Mac(3), "10.0.0.3");
        Assert.That(fixture.Engine.Footprint().UnimportedMacs, Is.EqualTo(2));

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")));

        Assert.That(fixture.Dataplane.Take(), Is.EquivalentTo(new[]
        {
            "mac 100 02:00:00:00:00:02 10.0.0.2", "neigh 100 192.168.1.20 02:00:00:00:00:02", "mac 100 02:00:00:00:00:03 10.0.0.3",
        }));
        Assert.That(fixture.Engine.Footprint().UnimportedMacs, Is.Zero);
    }

    [Test]
    public void Removing_a_VNI_keeps_its_remote_MACs_for_when_it_comes_back()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", ip: "192.168.1.20");
        fixture.RemoteMac(EngineFixture.Mac(3), "10.0.0.3");
        fixture.Dataplane.Log.Clear();

        fixture.Engine.RemoveLocalVni(EngineFixture.Vni100);
        Assert.That(fixture.Dataplane.Take(), Is.EquivalentTo(new[]
        {
            "mac- 100 02:00:00:00:00:02", "neigh- 100 192.168.1.20", "mac- 100 02:00:00:00:00:03",
        }));

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")));

        Assert.That(fixture.Dataplane.Take(), Is.EquivalentTo(new[]
        {
            "mac 100 02:00:00:00:00:02 10.0.0.2", "neigh 100 192.168.1.20 02:00:00:00:00:02", "mac 100 02:00:00:00:00:03 10.0.0.3",
        }));
        Assert.That(fixture.Engine.GetRoutes(EvpnRouteType.MacIpAdvertisement).Count(r => r.Origin == EvpnRouteOrigin.Imported), Is.EqualTo(2));
    }

    [Test]
    public void New_import_RTs_move_MACs_in_and_out_of_the_VNI()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", rt: "65002:100");
        fixture.RemoteMac(EngineFixture.Mac(3), "10.0.0.3", rt: "65000:7");
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac 100 02:00:00:00:00:02 10.0.0.2" }));

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")) { ImportRouteTargets = [ImportRouteTarget.Parse("65000:7")] });

        Assert.That(fixture.Dataplane.Take(), Is.EquivalentTo(new[] { "mac- 100 02:00:00:00:00:02", "mac 100 02:00:00:00:00:03 10.0.0.3" }));
        Assert.That(fixture.Engine.Footprint().UnimportedMacs, Is.EqualTo(1));
    }

    [Test]
    public void An_imported_route_is_shown_as_received_with_ESI_labels_and_peer()
    {
        var fixture = new EngineFixture().WithVni100();
        var esi = EthernetSegmentId.Parse("00:11:22:33:44:55:66:77:88:99");

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", label: 100, esi: esi, label2: 5000, peer: "192.0.2.7");

        var shown = fixture.Engine.GetRoutes(EvpnRouteType.MacIpAdvertisement).Single(r => r.Origin == EvpnRouteOrigin.Imported);
        Assert.That(shown.Route, Is.EqualTo(new MacIpAdvertisementRoute(
            RouteDistinguisher.Parse("10.0.0.2:1"), esi, new EthernetTag(0), EngineFixture.Mac(2), IpAddressValue.None, 100, 5000)));
        Assert.That((shown.NextHop, shown.Peer), Is.EqualTo((IPAddress.Parse("10.0.0.2"), IPAddress.Parse("192.0.2.7"))));
    }

    [Test]
    public void A_route_whose_labels_change_is_replaced_not_doubled()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", label: 100);
        fixture.Dataplane.Log.Clear();

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", label: 101);

        Assert.That(fixture.Dataplane.Take(), Is.Empty, "same VTEP: nothing for the dataplane");
        var shown = fixture.Engine.GetRoutes(EvpnRouteType.MacIpAdvertisement).Single(r => r.Origin == EvpnRouteOrigin.Imported);
        Assert.That(((MacIpAdvertisementRoute)shown.Route).Label1, Is.EqualTo(101u));
        Assert.That(fixture.Engine.Footprint().Templates, Is.EqualTo(1));
    }

    [Test]
    public void A_batch_of_best_path_changes_is_applied_in_order()
    {
        var fixture = new EngineFixture().WithVni100();
        var route = new MacIpAdvertisementRoute(RouteDistinguisher.Parse("10.0.0.2:1"), EthernetSegmentId.Zero, new EthernetTag(0), EngineFixture.Mac(2), IpAddressValue.None, 100);
        var attributes = new Bgp.Wire.AttributeSetInterner().Intern(new Bgp.Wire.PathAttribute[]
        {
            new Bgp.Wire.ExtendedCommunitiesAttribute([RouteTarget.Parse("65002:100").ToExtendedCommunity()]),
        });
        var added = new Bgp.Rib.BestPathChange
        {
            Kind = Bgp.Rib.BestPathChangeKind.Added,
            Family = Bgp.Wire.AfiSafi.L2vpnEvpn,
            Nlri = route.Encode(),
            Attributes = attributes,
            NextHop = new byte[] { 10, 0, 0, 2 },
            Peer = IPAddress.Parse("192.0.2.1"),
        };

        fixture.Engine.RemoteRouteChanged([added, added with { Kind = Bgp.Rib.BestPathChangeKind.Withdrawn, Attributes = null, NextHop = default, Peer = null }, added]);

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac 100 02:00:00:00:00:02 10.0.0.2", "mac- 100 02:00:00:00:00:02", "mac 100 02:00:00:00:00:02 10.0.0.2" }));
    }
}
