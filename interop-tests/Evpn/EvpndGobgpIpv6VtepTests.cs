using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Gobgp;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Evpn;

/// <summary>
/// Issue 3's IPv6 underlay with IPv6 VTEPs, which FRR 8.4 cannot take (it resets the session on
/// evpnd's type-3: "Bad PMSI tunnel attribute length 21 for IR", NOTIFICATION 3/1), so GoBGP is
/// the peer: the session runs over IPv6, the type-3 originators, PMSI tunnel ids and next hops
/// are IPv6 VTEP addresses, and evpnd's kernel gets IPv6 flood and MAC entries.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class EvpndGobgpIpv6VtepTests : InteropTest
{
    private const string GobgpRd = "10.255.0.3:9";
    private const string GobgpMac = "02:00:00:00:03:06";

    [Test]
    public async Task Ipv6VtepsOverAnIpv6Session()
    {
        var (gobgp, evpnd, evpndNs, gobgpAddress, evpndAddress) = await EvpndGobgpPair.StartAsync(Lab, ipv6: true);

        string gobgpRouteTarget = AutoRouteTarget(GobgpAs);
        await gobgp.AddEvpnRouteAsync(
            "macadv", GobgpMac, "0.0.0.0", "esi", "0", "etag", "0", "label", $"{Vni}",
            "rd", GobgpRd, "rt", gobgpRouteTarget, "encap", "vxlan", "nexthop", GobgpVtep6);
        await gobgp.AddEvpnRouteAsync(
            "multicast", GobgpVtep6, "etag", "0", "rd", GobgpRd, "rt", gobgpRouteTarget, "encap", "vxlan",
            "pmsi", "ingress-repl", $"{Vni}", GobgpVtep6, "nexthop", GobgpVtep6);

        IReadOnlyList<GobgpEvpnRoute> atGobgp = await Poll.UntilAsync(
            () => gobgp.GetEvpnRibAsync(),
            routes => routes.Any(r => r.RouteType == 3 && r.Path.Nlri.Value.Ip == EvpndVtep6)
                && routes.Any(r => r.RouteType == 2 && r.Path.Nlri.Value.Mac == StaticMac),
            "GoBGP to receive evpnd's type-3 (IPv6 originator) and static MAC",
            describe: routes => string.Join("; ", routes));
        IReadOnlyList<EvpndEvpnRoute> atEvpnd = await evpnd.WaitForEvpnRoutesAsync(
            routes => routes.Any(r => r.Type == 3 && r.Originator == GobgpVtep6) && routes.Any(r => r.Type == 2 && r.Mac == GobgpMac),
            "GoBGP's type-3 (IPv6 originator) and type-2");
        IReadOnlyList<FdbEntry> fdb = await Poll.UntilAsync(
            () => evpndNs.GetFdbAsync(Vxlan),
            entries => entries.Any(e => e.IsFloodEntry && e.Dst == GobgpVtep6) && entries.Any(e => e.Mac == GobgpMac && e.Dst == GobgpVtep6),
            "evpnd's kernel: GoBGP's IPv6 VTEP in the flood list and GoBGP's MAC towards it",
            describe: entries => string.Join("; ", entries));

        GobgpEvpnRoute type3 = atGobgp.First(r => r.RouteType == 3 && r.Path.Nlri.Value.Ip == EvpndVtep6);
        GobgpEvpnRoute type2 = atGobgp.First(r => r.RouteType == 2 && r.Path.Nlri.Value.Mac == StaticMac);
        EvpndEvpnRoute gobgpType3 = atEvpnd.First(r => r.Type == 3 && r.Originator == GobgpVtep6);
        EvpndEvpnRoute gobgpType2 = atEvpnd.First(r => r.Type == 2 && r.Mac == GobgpMac);
        Assert.Multiple(() =>
        {
            Assert.That(type3.Path.Nexthop, Is.EqualTo(EvpndVtep6), $"GoBGP: evpnd's type-3 next hop is its IPv6 VTEP ({type3})");
            Assert.That(type3.Path.ExtendedCommunities, Does.Contain(AutoRouteTarget(EvpndAs)).And.Contain("encap:8"));
            Assert.That(type2.Path.Nexthop, Is.EqualTo(EvpndVtep6), $"GoBGP: the static MAC's next hop ({type2})");
            Assert.That(gobgpType3.NextHop, Is.EqualTo(GobgpVtep6), $"evpnd: GoBGP's type-3 ({gobgpType3})");
            Assert.That(gobgpType3.Vnis, Is.EqualTo(new[] { Vni }));
            Assert.That(gobgpType2.NextHop, Is.EqualTo(GobgpVtep6), $"evpnd: GoBGP's type-2 ({gobgpType2})");
            Assert.That(fdb.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { GobgpVtep6 }), "evpnd's flood list");
        });
    }
}
