using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Evpn;

/// <summary>
/// Issue 3 through an FRR route reflector, iBGP in AS 65000 (the examples/lab topology, one FRR
/// leaf and one evpnd leaf):
/// <code>
///   h1 -- [leaf1: FRR, VTEP 10.255.0.1] --10.0.1.0/24-- [rr: FRR RR, routes the underlay] --10.0.2.0/24-- [leaf2: evpnd, VTEP 10.255.0.2]
/// </code>
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class RouteReflectorEvpnTests : InteropTest
{
    [Test]
    public async Task LeavesSeeEachOthersRoutesThroughAnFrrRouteReflector()
    {
        Netns rrNs = await Lab.AddNamespaceAsync("rr");
        Netns leaf1 = await Lab.AddNamespaceAsync("leaf1");
        Netns leaf2 = await Lab.AddNamespaceAsync("leaf2");
        VethLink link1 = await Lab.ConnectAsync(rrNs, leaf1);
        VethLink link2 = await Lab.ConnectAsync(rrNs, leaf2);
        string rrToLeaf1 = link1.A.IPv4.ToString();
        string rrToLeaf2 = link2.A.IPv4.ToString();
        string leaf1Address = link1.B.IPv4.ToString();
        string leaf2Address = link2.B.IPv4.ToString();
        await rrNs.SetSysctlAsync("net.ipv4.ip_forward", "1");
        await rrNs.AddRouteAsync($"{FrrVtep}/32", leaf1Address);
        await rrNs.AddRouteAsync($"{EvpndVtep}/32", leaf2Address);
        await VtepNamespace.PrepareAsync(leaf1, FrrVtep, rrToLeaf1);
        await VtepNamespace.PrepareAsync(leaf2, EvpndVtep, rrToLeaf2);
        Netns host = await VtepNamespace.AddHostAsync(Lab, "h1", leaf1, FrrHostMac, FrrHostIPv4, FrrHostIPv6);

        FrrNode rr = Lab.AddFrr(rrNs, FabricAs, RrRouterId)
            .AddNeighbor(new FrrNeighborConfig(leaf1Address, "internal") { RouteReflectorClient = true })
            .AddNeighbor(new FrrNeighborConfig(leaf2Address, "internal") { RouteReflectorClient = true });
        rr.BgpConfig.Add($"bgp cluster-id {RrRouterId}");
        FrrNode frrLeaf = Lab.AddFrr(leaf1, FabricAs, FrrVtep).AddNeighbor(new FrrNeighborConfig(rrToLeaf1, "internal"));
        frrLeaf.EvpnConfig.Add("advertise-all-vni");
        EvpndNode evpnd = Lab.AddEvpnd(leaf2, FabricAs, EvpndVtep).AddNeighbor(new EvpndNeighborConfig(rrToLeaf2, "internal"));
        evpnd.ExtraYaml = VtepNamespace.EvpndYaml(Lab, leaf2, EvpndVtep, StaticMac);
        await rr.StartAsync();
        await frrLeaf.StartAsync();
        await evpnd.StartAsync();
        await rr.WaitForNeighborStateAsync(leaf1Address, "Established");
        await rr.WaitForNeighborStateAsync(leaf2Address, "Established");

        IReadOnlyList<EvpndEvpnRoute> atEvpnd = await Poll.UntilAsync(
            async () =>
            {
                // h1 sends ARP broadcasts so that leaf1's bridge, and zebra, learn its MAC.
                _ = await host.PingAsync(UnusedHostIPv4);
                return await evpnd.ShowEvpnRoutesAsync();
            },
            routes => routes.Any(r => r.Type == 3 && r.Originator == FrrVtep) && routes.Any(r => r.Type == 2 && r.Mac == FrrHostMac),
            "evpnd to receive leaf1's type-3 and h1's type-2 through the reflector",
            describe: routes => string.Join("; ", routes));
        IReadOnlyList<FrrEvpnRoute> atFrrLeaf = await Poll.UntilAsync(
            () => frrLeaf.GetEvpnRoutesAsync(),
            routes => routes.Any(r => r.Path.RouteType == 3 && r.Path.Ip == EvpndVtep && r.Path.Bestpath)
                && routes.Any(r => r.Path.RouteType == 2 && r.Path.Mac == StaticMac && r.Path.Bestpath),
            "leaf1 to hold evpnd's type-3 and static MAC as best paths",
            describe: routes => string.Join("; ", routes));
        IReadOnlyList<FdbEntry> leaf1Fdb = await Poll.UntilAsync(
            () => leaf1.GetFdbAsync(Vxlan),
            fdb => fdb.Any(e => e.IsFloodEntry && e.Dst == EvpndVtep) && fdb.Any(e => e.Mac == StaticMac && e.Dst == EvpndVtep),
            "leaf1's kernel: evpnd's VTEP in the flood list and the static MAC towards it",
            describe: fdb => string.Join("; ", fdb));
        IReadOnlyList<FdbEntry> leaf2Fdb = await Poll.UntilAsync(
            () => leaf2.GetFdbAsync(Vxlan),
            fdb => fdb.Any(e => e.IsFloodEntry && e.Dst == FrrVtep) && fdb.Any(e => e.Mac == FrrHostMac && e.Dst == FrrVtep),
            "evpnd's kernel: leaf1's VTEP in the flood list and h1's MAC towards it",
            describe: fdb => string.Join("; ", fdb));

        string fabricRouteTarget = AutoRouteTarget(FabricAs);
        EvpndEvpnRoute type3 = atEvpnd.First(r => r.Type == 3 && r.Originator == FrrVtep);
        EvpndEvpnRoute type2 = atEvpnd.First(r => r.Type == 2 && r.Mac == FrrHostMac);
        FrrEvpnRoute evpndType3 = atFrrLeaf.First(r => r.Path.RouteType == 3 && r.Path.Ip == EvpndVtep && r.Path.Bestpath);
        FrrEvpnRoute evpndType2 = atFrrLeaf.First(r => r.Path.RouteType == 2 && r.Path.Mac == StaticMac && r.Path.Bestpath);
        Assert.Multiple(() =>
        {
            Assert.That(type3.Source, Is.EqualTo(rrToLeaf2), $"evpnd: leaf1's type-3 came from the reflector ({type3})");
            Assert.That(type3.NextHop, Is.EqualTo(FrrVtep), "evpnd: the reflector keeps leaf1's VTEP as next hop");
            Assert.That(type3.Rd, Does.StartWith($"{FrrVtep}:"), "evpnd: leaf1's RD");
            Assert.That(type3.RouteTargets, Is.EqualTo(new[] { fabricRouteTarget }));
            Assert.That(type3.Vnis, Is.EqualTo(new[] { Vni }));
            Assert.That(type2.NextHop, Is.EqualTo(FrrVtep), $"evpnd: h1's type-2 ({type2})");
            Assert.That(type2.Vnis, Is.EqualTo(new[] { Vni }));
            Assert.That(evpndType3.Path.Valid, Is.True, $"leaf1: evpnd's type-3 valid ({evpndType3})");
            Assert.That(evpndType3.Nexthop, Is.EqualTo(EvpndVtep));
            Assert.That(evpndType3.Path.PeerId, Is.EqualTo(rrToLeaf1), "leaf1: reflected by the RR");
            Assert.That(evpndType3.Path.ExtendedCommunity?.Items, Does.Contain($"RT:{fabricRouteTarget}").And.Contain("ET:8"));
            Assert.That(evpndType2.Path.Valid, Is.True, $"leaf1: evpnd's static MAC valid ({evpndType2})");
            Assert.That(evpndType2.Nexthop, Is.EqualTo(EvpndVtep));
            Assert.That(leaf1Fdb.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { EvpndVtep }), "leaf1's flood list");
            Assert.That(leaf2Fdb.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { FrrVtep }), "evpnd's flood list");
        });
    }
}
