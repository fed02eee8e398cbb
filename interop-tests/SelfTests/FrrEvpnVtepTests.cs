using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Frr;

namespace Evpnd.Interop.Tests.SelfTests;

/// <summary>
/// The EVPN side of the harness proved with FRR alone: two FRR VTEPs with `advertise-all-vni`
/// exchange type-2 and type-3 routes for VNI 100, zebra programs the kernel and the hosts ping.
/// This is the reference the evpnd VTEP tests (issues 3 and 4) compare against: the same route,
/// MAC and FDB readers, FRR on one side and evpnd on the other.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class FrrEvpnVtepTests : InteropTest
{
    private const string Host1Mac = "02:00:00:00:01:01";
    private const string Host2Mac = "02:00:00:00:02:02";

    [Test]
    public async Task TwoFrrVtepsExchangeRoutesAndProgramTheKernel()
    {
        Netns vtep1 = await Lab.AddNamespaceAsync("vtep1");
        Netns vtep2 = await Lab.AddNamespaceAsync("vtep2");
        VethLink underlay = await Lab.ConnectAsync(vtep1, vtep2);
        string vtep1Address = underlay.A.IPv4.ToString();
        string vtep2Address = underlay.B.IPv4.ToString();
        // zebra discovers VXLAN devices at start-up and from netlink events; create them first anyway.
        foreach ((Netns vtep, string local) in new[] { (vtep1, vtep1Address), (vtep2, vtep2Address) })
        {
            await vtep.AddBridgeAsync("br100");
            await vtep.AddVxlanAsync("vx100", 100, local, "br100");
        }

        Netns host1 = await Lab.AddHostAsync("h1", vtep1, "br100", Host1Mac, "192.168.100.1/24");
        await Lab.AddHostAsync("h2", vtep2, "br100", Host2Mac, "192.168.100.2/24");
        FrrNode frr1 = Lab.AddFrr(vtep1, 65001, "10.255.0.1").AddNeighbor(new FrrNeighborConfig(vtep2Address, "65002"));
        FrrNode frr2 = Lab.AddFrr(vtep2, 65002, "10.255.0.2").AddNeighbor(new FrrNeighborConfig(vtep1Address, "65001"));
        frr1.EvpnConfig.Add("advertise-all-vni");
        frr2.EvpnConfig.Add("advertise-all-vni");
        await frr1.StartAsync();
        await frr2.StartAsync();
        await frr1.WaitForNeighborStateAsync(vtep2Address, "Established");

        await Poll.UntilAsync(() => host1.PingAsync("192.168.100.2"), ok => ok, "h1 to reach h2 across the VXLAN");
        IReadOnlyList<FrrEvpnRoute> routes = await Poll.UntilAsync(
            () => frr1.GetEvpnRoutesAsync(),
            rs => rs.Any(r => r.Path.RouteType == 2 && r.Path.Mac == Host2Mac),
            "vtep1 to hold h2's type-2 route",
            describe: rs => string.Join("; ", rs));
        IReadOnlyList<FrrEvpnMac> macs = await frr1.GetEvpnMacsAsync();
        IReadOnlyList<FdbEntry> fdb = await vtep1.GetFdbAsync("vx100");

        FrrEvpnRoute? host2Route = routes.FirstOrDefault(r => r.Path.RouteType == 2 && r.Path.Mac == Host2Mac);
        FrrEvpnRoute? vtep2Multicast = routes.FirstOrDefault(r => r.Path.RouteType == 3 && r.Path.Ip == vtep2Address);
        Assert.Multiple(() =>
        {
            Assert.That(host2Route?.Nexthop, Is.EqualTo(vtep2Address), "h2's MAC route points to vtep2");
            Assert.That(host2Route?.Path.Valid == true && host2Route.Path.Bestpath, Is.True, $"valid and best: {host2Route}");
            Assert.That(host2Route?.Path.ExtendedCommunity?.Items, Does.Contain("RT:65002:100").And.Contain("ET:8"),
                "auto RT AS:VNI and the VXLAN encapsulation");
            Assert.That(host2Route?.Rd, Does.StartWith("10.255.0.2:"), "auto RD router-id:n");
            Assert.That(vtep2Multicast, Is.Not.Null, $"vtep2's type-3 route; have {string.Join("; ", routes)}");
            Assert.That(macs.SingleOrDefault(m => m.Mac == Host2Mac)?.RemoteVtep, Is.EqualTo(vtep2Address), "zebra: h2 is remote at vtep2");
            Assert.That(macs.SingleOrDefault(m => m.Mac == Host1Mac)?.Type, Is.EqualTo("local"), "zebra: h1 is local");
            Assert.That(fdb.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { vtep2Address }), "flood list");
            Assert.That(fdb.Any(e => e.Mac == Host2Mac && e.Dst == vtep2Address && e.Flags.Contains("extern_learn")), Is.True,
                $"h2's MAC on vx100 towards vtep2: {string.Join("; ", fdb)}");
        });
    }
}
