using System.Net.Sockets;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Evpn;

/// <summary>
/// Issue 3 against FRR 8.4 (bgpd+zebra, `advertise-all-vni`), eBGP: evpnd imports FRR's type-3
/// and its host's type-2 with FRR's RD and RT; FRR accepts evpnd's type-3 and static MAC as valid
/// and best and zebra programs them into FRR's kernel; withdrawals reach FRR's table and kernel.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class EvpndFrrEvpnTests : InteropTest
{
    [Test]
    public async Task EvpndAndFrrExchangeType2AndType3RoutesAndFrrProgramsItsKernel()
    {
        FrrEvpndVteps lab = await FrrEvpndVteps.CreateAsync(Lab, staticMacs: StaticMac);
        await lab.StartAsync();

        await ExpectRouteExchangeAsync(lab, lab.FrrPeerAddress, lab.EvpndPeerAddress);
    }

    /// <summary>
    /// FRR 8.4 has no IPv6 VTEPs: it resets the session on a type-3 with an IPv6 originator or an
    /// IPv6 PMSI tunnel id (tests/Vectors/README.md). What works, and what this test holds, is an
    /// IPv6 underlay for BGP (the session over fd00:0:0:1::/64) carrying IPv4 VTEPs.
    /// </summary>
    [Test]
    public async Task RoutesExchangedOverAnIpv6SessionWithIpv4Vteps()
    {
        FrrEvpndVteps lab = await FrrEvpndVteps.CreateAsync(Lab, ipv6Transport: true, staticMacs: StaticMac);
        await lab.StartAsync();

        await ExpectRouteExchangeAsync(lab, lab.FrrPeerAddress, lab.EvpndPeerAddress);
        IReadOnlyList<TcpConnection> connections = await lab.EvpndNs.GetTcpConnectionsAsync(179);
        Assert.That(connections.Select(c => c.Remote.Address.AddressFamily), Is.EqualTo(new[] { AddressFamily.InterNetworkV6 }),
            "one BGP session, over IPv6");
    }

    [Test]
    public async Task DeletingTheStaticMacAndStoppingEvpndWithdrawItsRoutesFromFrr()
    {
        FrrEvpndVteps lab = await FrrEvpndVteps.CreateAsync(Lab, staticMacs: StaticMac);
        await lab.StartAsync();
        await WaitForFrrFdbAsync(lab, fdb => HasMac(fdb, StaticMac, EvpndVtep) && HasFlood(fdb, EvpndVtep),
            "the static MAC and evpnd's flood entry");

        await lab.Evpnd.DeleteStaticMacAsync(Vni, StaticMac);
        IReadOnlyList<FrrEvpnRoute> afterDelete = await Poll.UntilAsync(
            () => lab.Frr.GetEvpnRoutesAsync(),
            routes => !routes.Any(r => r.Path.Mac == StaticMac),
            "FRR to withdraw the deleted static MAC",
            describe: routes => string.Join("; ", routes));
        IReadOnlyList<FdbEntry> fdbAfterDelete = await WaitForFrrFdbAsync(lab, fdb => !fdb.Any(e => e.Mac == StaticMac),
            "the static MAC to leave vxlan100");
        IReadOnlyList<EvpndEvpnRoute> evpndAfterDelete = await lab.Evpnd.ShowEvpnRoutesAsync();

        int exitCode = await lab.Evpnd.StopAsync();
        IReadOnlyList<FrrEvpnRoute> afterStop = await Poll.UntilAsync(
            () => lab.Frr.GetEvpnRoutesAsync(),
            routes => !routes.Any(r => r.Path.PeerId == lab.EvpndPeerAddress),
            "FRR to drop every route learned from evpnd",
            describe: routes => string.Join("; ", routes));
        IReadOnlyList<FdbEntry> fdbAfterStop = await WaitForFrrFdbAsync(lab, fdb => !HasFlood(fdb, EvpndVtep),
            "evpnd's VTEP to leave the flood list");

        Assert.Multiple(() =>
        {
            Assert.That(evpndAfterDelete.Any(r => r.IsLocal && r.Mac == StaticMac), Is.False, "evpnd no longer originates the MAC");
            Assert.That(afterDelete.Any(r => r.Path.RouteType == 3 && r.Path.PeerId == lab.EvpndPeerAddress), Is.True,
                "evpnd's type-3 stays while it runs");
            Assert.That(HasFlood(fdbAfterDelete, EvpndVtep), Is.True, "the flood entry stays while evpnd runs");
            Assert.That(exitCode, Is.Zero, "evpnd's exit code after SIGTERM");
            Assert.That(afterStop.Where(r => r.Nexthop == EvpndVtep), Is.Empty, "no route towards evpnd's VTEP is left");
            Assert.That(fdbAfterStop.Where(e => e.Dst == EvpndVtep), Is.Empty, "no FDB entry towards evpnd's VTEP is left");
        });
    }

    private static async Task ExpectRouteExchangeAsync(FrrEvpndVteps lab, string frrAddress, string evpndAddress)
    {
        // FRR's own routes, as FRR shows them: their RD and route target are what evpnd must show.
        IReadOnlyList<FrrEvpnRoute> frrRoutes = await lab.WaitForFrrHostRouteAsync();
        FrrEvpnRoute frrType3 = frrRoutes.Single(r => r.Path.RouteType == 3 && r.Path.Ip == FrrVtep && r.Nexthop != EvpndVtep);
        FrrEvpnRoute frrType2 = frrRoutes.Single(r => r.Path.RouteType == 2 && r.Path.Mac == FrrHostMac);
        string[] frrRouteTargets = RouteTargets(frrType3);

        IReadOnlyList<EvpndEvpnRoute> evpndRoutes = await lab.Evpnd.WaitForEvpnRoutesAsync(
            routes => routes.Any(r => r.Type == 3 && r.Originator == FrrVtep) && routes.Any(r => r.Type == 2 && r.Mac == FrrHostMac),
            "FRR's type-3 and h1's type-2");
        IReadOnlyList<FrrEvpnRoute> atFrr = await Poll.UntilAsync(
            () => lab.Frr.GetEvpnRoutesAsync(),
            routes => FromEvpnd(routes, evpndAddress, 3, null) is { Path.Bestpath: true }
                && FromEvpnd(routes, evpndAddress, 2, StaticMac) is { Path.Bestpath: true },
            "FRR to hold evpnd's type-3 and static MAC as best paths",
            describe: routes => string.Join("; ", routes));
        IReadOnlyList<FdbEntry> frrFdb = await WaitForFrrFdbAsync(lab, fdb => HasFlood(fdb, EvpndVtep) && HasMac(fdb, StaticMac, EvpndVtep),
            "evpnd's VTEP in the flood list and the static MAC towards it");
        IReadOnlyList<EvpndVni> vnis = await lab.Evpnd.ShowEvpnVniAsync(Vni);

        EvpndEvpnRoute? type3 = evpndRoutes.FirstOrDefault(r => r.Type == 3 && r.Originator == FrrVtep);
        EvpndEvpnRoute? type2 = evpndRoutes.FirstOrDefault(r => r.Type == 2 && r.Mac == FrrHostMac);
        FrrEvpnRoute? evpndType3 = FromEvpnd(atFrr, evpndAddress, 3, null);
        FrrEvpnRoute? evpndType2 = FromEvpnd(atFrr, evpndAddress, 2, StaticMac);
        EvpndVni? vni = vnis.SingleOrDefault();
        Assert.Multiple(() =>
        {
            Assert.That(frrRouteTargets, Is.EqualTo(new[] { AutoRouteTarget(FrrAs) }), $"FRR's auto RT ({frrType3})");
            Assert.That(type3?.Rd, Is.EqualTo(frrType3.Rd), "evpnd: FRR's type-3 under FRR's RD");
            Assert.That(type3?.RouteTargets, Is.EquivalentTo(frrRouteTargets), "evpnd: FRR's type-3 route targets");
            Assert.That(type3?.NextHop, Is.EqualTo(FrrVtep), "evpnd: FRR's type-3 next hop is FRR's VTEP");
            Assert.That(type3?.Source, Is.EqualTo(frrAddress), "evpnd: FRR's type-3 came from FRR");
            Assert.That(type3?.Vnis, Is.EqualTo(new[] { Vni }), "evpnd: FRR's type-3 imported into VNI 100");
            Assert.That(type2?.Rd, Is.EqualTo(frrType2.Rd), "evpnd: h1's type-2 under FRR's RD");
            Assert.That(type2?.RouteTargets, Is.EquivalentTo(RouteTargets(frrType2)), "evpnd: h1's type-2 route targets");
            Assert.That(type2?.NextHop, Is.EqualTo(FrrVtep), "evpnd: h1's type-2 next hop");
            Assert.That(type2?.Vnis, Is.EqualTo(new[] { Vni }), "evpnd: h1's type-2 imported into VNI 100");

            Assert.That(vni?.RemoteVteps, Is.EqualTo(new[] { FrrVtep }), $"evpnd show evpn vni: FRR's VTEP is remote ({vni})");
            Assert.That(vni?.LocalVtep, Is.EqualTo(EvpndVtep));
            Assert.That(vni?.ExportRouteTargets, Is.EqualTo(new[] { AutoRouteTarget(EvpndAs) }), "evpnd's auto export RT");
            Assert.That(evpndType3?.Path.Valid, Is.True, $"FRR: evpnd's type-3 valid ({evpndType3})");
            Assert.That(evpndType3?.Rd, Is.EqualTo(vni?.Rd), "FRR: evpnd's type-3 under evpnd's RD");
            Assert.That(evpndType3?.Nexthop, Is.EqualTo(EvpndVtep), "FRR: evpnd's type-3 next hop is evpnd's VTEP");
            Assert.That(evpndType3?.Path.ExtendedCommunity?.Items, Does.Contain($"RT:{AutoRouteTarget(EvpndAs)}").And.Contain("ET:8"),
                "FRR: evpnd's type-3 RT and VXLAN encapsulation");
            Assert.That(evpndType2?.Path.Valid, Is.True, $"FRR: evpnd's static MAC valid ({evpndType2})");
            Assert.That(evpndType2?.Rd, Is.EqualTo(vni?.Rd), "FRR: the static MAC under evpnd's RD");
            Assert.That(evpndType2?.Nexthop, Is.EqualTo(EvpndVtep), "FRR: the static MAC's next hop");
            Assert.That(evpndType2?.Path.ExtendedCommunity?.Items, Does.Contain($"RT:{AutoRouteTarget(EvpndAs)}").And.Contain("ET:8"),
                "FRR: the static MAC's RT and VXLAN encapsulation");
            Assert.That(frrFdb.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { EvpndVtep }), "FRR's flood list");
            Assert.That(HasMac(frrFdb, StaticMac, EvpndVtep), Is.True, $"FRR's kernel: the static MAC towards evpnd: {string.Join("; ", frrFdb)}");
        });
    }

    /// <summary>The path FRR received from evpnd: a type-3 (any), or the type-2 of one MAC.</summary>
    private static FrrEvpnRoute? FromEvpnd(IReadOnlyList<FrrEvpnRoute> routes, string evpndAddress, int type, string? mac) =>
        routes.FirstOrDefault(r => r.Path.RouteType == type && r.Path.PeerId == evpndAddress && (mac is null || r.Path.Mac == mac));

    /// <summary>FRR's "RT:65001:100" items as evpnd prints route targets: "65001:100".</summary>
    private static string[] RouteTargets(FrrEvpnRoute route) =>
        [.. (route.Path.ExtendedCommunity?.Items ?? []).Where(i => i.StartsWith("RT:", StringComparison.Ordinal)).Select(i => i[3..])];

    private static Task<IReadOnlyList<FdbEntry>> WaitForFrrFdbAsync(FrrEvpndVteps lab, Func<IReadOnlyList<FdbEntry>, bool> condition, string what) =>
        Poll.UntilAsync(() => lab.FrrNs.GetFdbAsync(Vxlan), condition, $"FRR's kernel (vxlan100): {what}",
            describe: fdb => string.Join("; ", fdb));

    private static bool HasFlood(IReadOnlyList<FdbEntry> fdb, string vtep) => fdb.Any(e => e.IsFloodEntry && e.Dst == vtep);

    private static bool HasMac(IReadOnlyList<FdbEntry> fdb, string mac, string vtep) => fdb.Any(e => e.Mac == mac && e.Dst == vtep);
}
