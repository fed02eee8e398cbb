using System.Net;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>
/// BUM traffic: head-end replication by default; a VXLAN device with a multicast group carries it
/// itself (no flood entries, a PIM-SM tree in our type-3); flooding disabled (FRR's
/// <c>flooding disable</c>): no flood entries and no type-3.
/// </summary>
public sealed class EvpnEngineFloodingTests
{
    private static readonly IPAddress s_group = IPAddress.Parse("239.1.1.1");

    [Test]
    public void A_VNI_on_a_multicast_group_advertises_a_PIM_SM_tree_with_the_VTEP_and_the_group()
    {
        var fixture = new EngineFixture();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")) { MulticastGroup = s_group });

        var tunnel = OriginatedTunnel(fixture);
        Assert.That(tunnel.TunnelType, Is.EqualTo(PmsiTunnelType.PimSm));
        Assert.That(tunnel.Label, Is.EqualTo(100u));
        Assert.That(tunnel.TryGetSenderAndGroup(out var sender, out var group), Is.True);
        Assert.That((sender, group), Is.EqualTo((IpAddressValue.Parse("10.0.0.1"), IpAddressValue.From(s_group))));
        var shown = fixture.Engine.GetVnis().Single();
        Assert.That((shown.MulticastGroup, shown.Flooding), Is.EqualTo((s_group, FloodingMode.HeadEndReplication)));
    }

    [Test]
    public void A_VNI_on_a_multicast_group_installs_no_flood_entries_but_still_imports_type_3s_and_installs_MACs()
    {
        var fixture = new EngineFixture();
        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")) { MulticastGroup = s_group });
        fixture.Dataplane.Log.Clear();

        fixture.RemoteImet("10.0.0.2");
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2");

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac 100 02:00:00:00:00:02 10.0.0.2" }));
        Assert.That(fixture.Engine.GetRoutes(EvpnRouteType.InclusiveMulticast).Count(r => r.Origin == EvpnRouteOrigin.Imported), Is.EqualTo(1));
        Assert.That(fixture.Engine.GetVnis().Single().RemoteVteps, Is.EqualTo(new[] { IPAddress.Parse("10.0.0.2") }));
    }

    [Test]
    public void Moving_a_VNI_onto_a_multicast_group_removes_its_flood_entries_and_changes_its_type_3()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteImet("10.0.0.2");
        fixture.Dataplane.Log.Clear();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")) { MulticastGroup = s_group });
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood- 100 10.0.0.2" }));
        Assert.That(fixture.Originator.Log, Is.EqualTo(new[] { "+t3 10.0.0.1:1 10.0.0.1" }), "replaced in place: same NLRI, new PMSI");
        Assert.That(OriginatedTunnel(fixture).TunnelType, Is.EqualTo(PmsiTunnelType.PimSm));

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")));
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood+ 100 10.0.0.2" }));
        Assert.That(OriginatedTunnel(fixture).TunnelType, Is.EqualTo(PmsiTunnelType.IngressReplication));
    }

    [Test]
    public void With_flooding_disabled_no_type_3_is_advertised_and_no_flood_entry_installed()
    {
        var fixture = new EngineFixture();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")) { Flooding = FloodingMode.Disabled });
        fixture.RemoteImet("10.0.0.2");
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2");

        Assert.That(fixture.Originator.Table, Is.Empty);
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "mac 100 02:00:00:00:00:02 10.0.0.2" }));
        Assert.That(fixture.Engine.GetVnis().Single().Flooding, Is.EqualTo(FloodingMode.Disabled));
    }

    [Test]
    public void Disabling_flooding_withdraws_the_type_3_and_the_flood_entries_and_enabling_it_brings_them_back()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteImet("10.0.0.2");
        fixture.Dataplane.Log.Clear();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")) { Flooding = FloodingMode.Disabled });
        Assert.That(fixture.Originator.Log, Is.EqualTo(new[] { "-t3 10.0.0.1:1 10.0.0.1" }));
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood- 100 10.0.0.2" }));
        fixture.Originator.Log.Clear();

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")));
        Assert.That(fixture.Originator.Log, Is.EqualTo(new[] { "+t3 10.0.0.1:1 10.0.0.1" }));
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { "flood+ 100 10.0.0.2" }));
    }

    [Test]
    public void The_engine_wide_flooding_mode_applies_to_VNIs_that_do_not_set_one()
    {
        var fixture = new EngineFixture(o => o with { Flooding = FloodingMode.Disabled });

        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")));
        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(new Vni(200), IPAddress.Parse("10.0.0.1")) { Flooding = FloodingMode.HeadEndReplication });

        Assert.That(fixture.Originator.Routes.OfType<InclusiveMulticastRoute>().Count(), Is.EqualTo(1));
        Assert.That(fixture.Engine.GetVnis().Select(v => v.Flooding), Is.EqualTo(new[] { FloodingMode.Disabled, FloodingMode.HeadEndReplication }));
    }

    [Test]
    public void Removing_a_VNI_on_a_multicast_group_withdraws_its_PIM_SM_type_3()
    {
        var fixture = new EngineFixture();
        fixture.Engine.AddOrUpdateLocalVni(new LocalVni(EngineFixture.Vni100, IPAddress.Parse("10.0.0.1")) { MulticastGroup = s_group });

        fixture.Engine.RemoveLocalVni(EngineFixture.Vni100);

        Assert.That(fixture.Originator.Table, Is.Empty);
    }

    private static PmsiTunnel OriginatedTunnel(EngineFixture fixture)
    {
        var route = fixture.Originator.Single(r => r is InclusiveMulticastRoute);
        Assert.That(PmsiTunnel.TryDecode(route.Attributes.OfType<PmsiTunnelAttribute>().Single(), out var tunnel), Is.EqualTo(UpdateErrorAction.None));
        return tunnel!;
    }
}
