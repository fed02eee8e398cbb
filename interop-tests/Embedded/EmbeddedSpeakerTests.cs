using Evpnd.Interop.Tests.Evpn;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Frr;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Embedded;

/// <summary>
/// The embedded speaker (examples/embedded: a host that feeds MACs from its own registry file)
/// on two VTEPs, iBGP through an FRR route reflector (AS 65000):
/// <code>
///   h1 -- [leaf1: embedded, VTEP 10.255.0.1] --10.0.1.0/24-- [rr: FRR RR, routes the underlay] --10.0.2.0/24-- [leaf2: embedded, VTEP 10.255.0.2] -- h2
/// </code>
/// Each registry lists the host behind its VTEP with its IP; leaf1's also lists a MAC nobody runs yet.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class EmbeddedSpeakerTests : InteropTest
{
    private const string PlannedMac = "02:00:00:00:01:99";
    private const string PlannedIPv4 = "192.168.100.99";

    [Test]
    public async Task TwoEmbeddedSpeakersAdvertiseTheirRegistriesAndTheHostsBehindThemPing()
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
        Netns h1 = await VtepNamespace.AddHostAsync(Lab, "h1", leaf1, FrrHostMac, FrrHostIPv4, FrrHostIPv6);
        Netns h2 = await VtepNamespace.AddHostAsync(Lab, "h2", leaf2, EvpndHostMac, EvpndHostIPv4, EvpndHostIPv6);

        FrrNode rr = Lab.AddFrr(rrNs, FabricAs, RrRouterId)
            .AddNeighbor(new FrrNeighborConfig(leaf1Address, "internal") { RouteReflectorClient = true })
            .AddNeighbor(new FrrNeighborConfig(leaf2Address, "internal") { RouteReflectorClient = true });
        rr.BgpConfig.Add($"bgp cluster-id {RrRouterId}");
        await rr.StartAsync();

        var embedded1 = new EmbeddedHost(Lab, leaf1, FabricAs, FrrVtep, rrToLeaf1, Vni);
        var embedded2 = new EmbeddedHost(Lab, leaf2, FabricAs, EvpndVtep, rrToLeaf2, Vni);
        await embedded1.WriteRegistryAsync((FrrHostMac, FrrHostIPv4), (PlannedMac, PlannedIPv4));
        await embedded2.WriteRegistryAsync((EvpndHostMac, EvpndHostIPv4));
        await embedded1.StartAsync();
        await embedded2.StartAsync();
        await rr.WaitForNeighborStateAsync(leaf1Address, "Established");
        await rr.WaitForNeighborStateAsync(leaf2Address, "Established");

        // The registries' MAC+IP routes at FRR: only a registry gives the speakers the IPs
        // (the bridges would teach them MACs alone).
        IReadOnlyList<FrrEvpnRoute> atRr = await Poll.UntilAsync(
            () => rr.GetEvpnRoutesAsync(),
            routes => HasMacIp(routes, FrrHostMac, FrrHostIPv4) && HasMacIp(routes, PlannedMac, PlannedIPv4) && HasMacIp(routes, EvpndHostMac, EvpndHostIPv4)
                && routes.Any(r => r.Path.RouteType == 3 && r.Path.Ip == FrrVtep) && routes.Any(r => r.Path.RouteType == 3 && r.Path.Ip == EvpndVtep),
            "the reflector to hold both registries' MAC+IP routes and both VTEPs' type-3",
            describe: routes => string.Join("; ", routes));
        Assert.Multiple(() =>
        {
            Assert.That(MacIp(atRr, FrrHostMac, FrrHostIPv4).Nexthop, Is.EqualTo(FrrVtep), "h1's route is leaf1's");
            Assert.That(MacIp(atRr, PlannedMac, PlannedIPv4).Nexthop, Is.EqualTo(FrrVtep), "the planned MAC's route is leaf1's");
            Assert.That(MacIp(atRr, EvpndHostMac, EvpndHostIPv4).Nexthop, Is.EqualTo(EvpndVtep), "h2's route is leaf2's");
            Assert.That(MacIp(atRr, EvpndHostMac, EvpndHostIPv4).Path.ExtendedCommunity?.Text, Does.Contain("sticky"),
                "a registry's MAC is static (RFC 7432 s15.2)");
        });

        // Each speaker installed the other's host into its kernel, and the hosts reach each other.
        await Poll.UntilAsync(
            () => leaf1.GetFdbAsync(Vxlan),
            fdb => fdb.Any(e => e.Mac == EvpndHostMac && e.Dst == EvpndVtep) && fdb.Any(e => e.IsFloodEntry && e.Dst == EvpndVtep),
            "leaf1's kernel: h2's MAC and leaf2's flood entry towards leaf2",
            describe: fdb => string.Join("; ", fdb));
        await Poll.UntilAsync(
            () => leaf2.GetFdbAsync(Vxlan),
            fdb => fdb.Any(e => e.Mac == FrrHostMac && e.Dst == FrrVtep) && fdb.Any(e => e.Mac == PlannedMac && e.Dst == FrrVtep),
            "leaf2's kernel: h1's and the planned MAC towards leaf1",
            describe: fdb => string.Join("; ", fdb));
        await Poll.UntilAsync(() => h1.PingAsync(EvpndHostIPv4), ok => ok, "h1 to ping h2 across the VXLAN");
        await Poll.UntilAsync(() => h2.PingAsync(FrrHostIPv4), ok => ok, "h2 to ping h1 across the VXLAN");
        // The host learned of them through the speaker's events.
        await embedded2.WaitForLogAsync($"remote MAC: vni {Vni} {FrrHostMac} at {FrrVtep}", "to log h1's MAC as a remote MAC at leaf1");
        await embedded1.WaitForLogAsync($"remote VTEP: vni {Vni} vtep {EvpndVtep} added", "to log leaf2 as a remote VTEP");
        await embedded1.WaitForLogAsync($"remote IP: vni {Vni} {EvpndHostIPv4} is {EvpndHostMac}", "to log h2's IP and MAC");

        // The planned MAC leaves the registry: withdrawn at FRR and from leaf2's kernel; h1 stays.
        await embedded1.WriteRegistryAsync((FrrHostMac, FrrHostIPv4));
        IReadOnlyList<FrrEvpnRoute> afterRemoval = await Poll.UntilAsync(
            () => rr.GetEvpnRoutesAsync(),
            routes => !routes.Any(r => r.Path.RouteType == 2 && r.Path.Mac == PlannedMac),
            "the reflector to lose the planned MAC's routes once leaf1's registry no longer lists it",
            describe: routes => string.Join("; ", routes));
        await Poll.UntilAsync(
            () => leaf2.GetFdbAsync(Vxlan),
            fdb => !fdb.Any(e => e.Mac == PlannedMac),
            "leaf2's kernel to lose the planned MAC",
            describe: fdb => string.Join("; ", fdb));
        Assert.That(HasMacIp(afterRemoval, FrrHostMac, FrrHostIPv4), Is.True, "h1's route stays");
        Assert.That(await h1.PingAsync(EvpndHostIPv4), Is.True, "h1 still reaches h2");
    }

    private static bool HasMacIp(IReadOnlyList<FrrEvpnRoute> routes, string mac, string ip) =>
        routes.Any(r => r.Path.RouteType == 2 && r.Path.Mac == mac && r.Path.Ip == ip && r.Path.Valid);

    private static FrrEvpnRoute MacIp(IReadOnlyList<FrrEvpnRoute> routes, string mac, string ip) =>
        routes.First(r => r.Path.RouteType == 2 && r.Path.Mac == mac && r.Path.Ip == ip && r.Path.Valid);
}
