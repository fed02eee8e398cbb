using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Gobgp;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Evpn;

/// <summary>
/// Issue 3 against GoBGP 3.x, eBGP: GoBGP's RIB holds evpnd's type-3 and static MAC with evpnd's
/// RD, RT and VTEP next hop, and the type-2 and type-3 GoBGP originates show up in evpnd's routes.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class EvpndGobgpEvpnTests : InteropTest
{
    private const string GobgpRd = "10.255.0.3:7";
    private const string GobgpMac = "02:00:00:00:03:03";
    private const string CliMac = "02:00:00:00:02:98";
    private const string CliIp = "192.0.2.98";

    [Test]
    public async Task EvpndAndGobgpExchangeType2AndType3Routes()
    {
        var (gobgp, evpnd, evpndNs, gobgpAddress, evpndAddress) = await EvpndGobgpPair.StartAsync(Lab, ipv6: false);

        string gobgpRouteTarget = AutoRouteTarget(GobgpAs);
        await gobgp.AddEvpnRouteAsync(
            "macadv", GobgpMac, "0.0.0.0", "esi", "0", "etag", "0", "label", $"{Vni}",
            "rd", GobgpRd, "rt", gobgpRouteTarget, "encap", "vxlan", "nexthop", GobgpVtep);
        await gobgp.AddEvpnRouteAsync(
            "multicast", GobgpVtep, "etag", "0", "rd", GobgpRd, "rt", gobgpRouteTarget, "encap", "vxlan",
            "pmsi", "ingress-repl", $"{Vni}", GobgpVtep, "nexthop", GobgpVtep);

        IReadOnlyList<GobgpEvpnRoute> atGobgp = await Poll.UntilAsync(
            () => gobgp.GetEvpnRibAsync(),
            routes => routes.Any(r => r.RouteType == 3 && r.Path.Nlri.Value.Ip == EvpndVtep)
                && routes.Any(r => r.RouteType == 2 && r.Path.Nlri.Value.Mac == StaticMac),
            "GoBGP to receive evpnd's type-3 and static MAC",
            describe: routes => string.Join("; ", routes));
        IReadOnlyList<EvpndEvpnRoute> atEvpnd = await evpnd.WaitForEvpnRoutesAsync(
            routes => routes.Any(r => r.Type == 3 && r.Originator == GobgpVtep) && routes.Any(r => r.Type == 2 && r.Mac == GobgpMac),
            "GoBGP's type-3 and type-2");
        IReadOnlyList<EvpndEvpnRoute> type3Only = await evpnd.ShowEvpnRoutesAsync(type: 3, vni: Vni);
        IReadOnlyList<EvpndVni> vnis = await evpnd.ShowEvpnVniAsync(Vni);
        IReadOnlyList<EvpndMac> macs = await evpnd.ShowEvpnMacsAsync(Vni);

        string evpndRouteTarget = AutoRouteTarget(EvpndAs);
        GobgpEvpnRoute? type3 = atGobgp.FirstOrDefault(r => r.RouteType == 3 && r.Path.Nlri.Value.Ip == EvpndVtep);
        GobgpEvpnRoute? type2 = atGobgp.FirstOrDefault(r => r.RouteType == 2 && r.Path.Nlri.Value.Mac == StaticMac);
        EvpndEvpnRoute? gobgpType3 = atEvpnd.FirstOrDefault(r => r.Type == 3 && r.Originator == GobgpVtep);
        EvpndEvpnRoute? gobgpType2 = atEvpnd.FirstOrDefault(r => r.Type == 2 && r.Mac == GobgpMac);
        EvpndVni? vni = vnis.SingleOrDefault();
        Assert.Multiple(() =>
        {
            Assert.That(vni?.Rd, Does.StartWith($"{EvpndVtep}:"), $"evpnd's auto RD is router-id:n ({vni})");
            Assert.That(type3?.Path.Nlri.Value.Rd?.ToString(), Is.EqualTo(vni?.Rd), $"GoBGP: evpnd's type-3 RD ({type3})");
            Assert.That(type3?.Path.ExtendedCommunities, Does.Contain(evpndRouteTarget).And.Contain("encap:8"), "GoBGP: type-3 RT and encapsulation");
            Assert.That(type3?.Path.Nexthop, Is.EqualTo(EvpndVtep), "GoBGP: type-3 next hop is evpnd's VTEP");
            Assert.That(type3?.Path.Best, Is.True);
            Assert.That(type2?.Path.Nlri.Value.Rd?.ToString(), Is.EqualTo(vni?.Rd), $"GoBGP: static MAC RD ({type2})");
            Assert.That(type2?.Path.ExtendedCommunities, Does.Contain(evpndRouteTarget).And.Contain("encap:8"), "GoBGP: type-2 RT and encapsulation");
            Assert.That(type2?.Path.Nexthop, Is.EqualTo(EvpndVtep), "GoBGP: type-2 next hop is evpnd's VTEP");
            Assert.That(type2?.Path.Nlri.Value.Labels, Is.EqualTo(new long[] { Vni }), "GoBGP: the type-2 label carries the VNI");
            Assert.That(type2?.Path.Best, Is.True);

            Assert.That(gobgpType3?.Rd, Is.EqualTo(GobgpRd), $"evpnd: GoBGP's type-3 ({gobgpType3})");
            Assert.That(gobgpType3?.RouteTargets, Is.EqualTo(new[] { gobgpRouteTarget }));
            Assert.That(gobgpType3?.NextHop, Is.EqualTo(GobgpVtep));
            Assert.That(gobgpType3?.Source, Is.EqualTo(gobgpAddress));
            Assert.That(gobgpType3?.Vnis, Is.EqualTo(new[] { Vni }), "imported by the wildcard *:100");
            Assert.That(gobgpType2?.Rd, Is.EqualTo(GobgpRd), $"evpnd: GoBGP's type-2 ({gobgpType2})");
            Assert.That(gobgpType2?.RouteTargets, Is.EqualTo(new[] { gobgpRouteTarget }));
            Assert.That(gobgpType2?.NextHop, Is.EqualTo(GobgpVtep));
            Assert.That(gobgpType2?.Source, Is.EqualTo(gobgpAddress));
            Assert.That(gobgpType2?.Vnis, Is.EqualTo(new[] { Vni }));
            Assert.That(vni?.RemoteVteps, Is.EqualTo(new[] { GobgpVtep }), "GoBGP's VTEP is in VNI 100's flood list");
            Assert.That(macs.SingleOrDefault(m => m.Mac == GobgpMac)?.Vtep, Is.EqualTo(GobgpVtep), "evpnd: GoBGP's MAC is remote at GoBGP's VTEP");
            Assert.That(macs.SingleOrDefault(m => m.Mac == StaticMac)?.Origin, Is.EqualTo("local"), "evpnd: the static MAC is local");
            Assert.That(type3Only.Select(r => r.Originator), Is.EquivalentTo(new[] { EvpndVtep, GobgpVtep }),
                "show evpn routes --type 3 --vni 100: evpnd's and GoBGP's type-3, nothing else");
        });

        // A MAC+IP added at run time through the CLI reaches GoBGP as a type-2 carrying the IP.
        await evpnd.AddStaticMacAsync(Vni, CliMac, CliIp);
        IReadOnlyList<GobgpEvpnRoute> withCliMac = await Poll.UntilAsync(
            () => gobgp.GetEvpnRibAsync(),
            routes => routes.Any(r => r.RouteType == 2 && r.Path.Nlri.Value.Mac == CliMac && r.Path.Nlri.Value.Ip == CliIp),
            "GoBGP to receive the MAC+IP added with `evpnd evpn mac add`",
            describe: routes => string.Join("; ", routes));
        IReadOnlyList<EvpndMac> cliMacs = await evpnd.ShowEvpnMacsAsync(Vni);
        GobgpEvpnRoute cliRoute = withCliMac.First(r => r.RouteType == 2 && r.Path.Nlri.Value.Mac == CliMac && r.Path.Nlri.Value.Ip == CliIp);
        Assert.Multiple(() =>
        {
            Assert.That(cliRoute.Path.Nexthop, Is.EqualTo(EvpndVtep), $"GoBGP: the MAC+IP route ({cliRoute})");
            Assert.That(cliRoute.Path.Nlri.Value.Rd?.ToString(), Is.EqualTo(vni?.Rd));
            Assert.That(cliMacs.SingleOrDefault(m => m.Mac == CliMac)?.Ip, Is.EqualTo(CliIp), "evpnd show evpn macs: the MAC with its IP");
        });
    }
}
