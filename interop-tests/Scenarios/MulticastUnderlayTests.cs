using System.Globalization;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// Issue 12, item 3: a multicast underlay, the reference VXLAN deployment (`ip link add vxlan100
/// type vxlan id 100 group 239.1.1.1 dev uplink`). Three VTEPs (two evpnd, one FRR) and an FRR
/// route reflector on one underlay segment; BUM goes to the group, so no VTEP may also replicate
/// it head-end: each broadcast reaches each other VTEP exactly once. Unicast still follows the
/// remote MACs that BGP carries.
/// <code>
///   rr (FRR route reflector, 10.0.0.254; its bridge "underlay" is the segment, no IGMP snooping)
///     | to-vtep1       | to-vtep2       | to-vtep3
///   vtep1 10.0.0.1   vtep2 10.0.0.2   vtep3 10.0.0.3 (FRR)   br100 + vxlan100 group 239.1.1.1
///    h1                h2               h3                     192.168.10.N
/// </code>
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class MulticastUnderlayTests : InteropTest
{
    private const int Vni = 100;
    private const uint As = 65000;
    private const string Group = "239.1.1.1";
    private const string RouterAddress = "10.0.0.254";

    private sealed record Vtep(int Index, Netns Namespace, string RouterPort, Netns Host)
    {
        public string Address => $"10.0.0.{Index}";

        public string HostAddress => $"192.168.10.{Index}";
    }

    [Test]
    public async Task BroadcastReachesEachVtepOnceThroughTheGroup()
    {
        Netns rr = await Lab.AddNamespaceAsync("rr");
        await rr.IpAsync("link", "add", "underlay", "type", "bridge", "mcast_snooping", "0");
        await rr.AddAddressAsync("underlay", $"{RouterAddress}/24");
        await rr.IpAsync("link", "set", "underlay", "up");
        var vteps = new List<Vtep>();
        for (int i = 1; i <= 3; i++)
        {
            vteps.Add(await AddVtepAsync(rr, i));
        }

        FrrNode router = Lab.AddFrr(rr, As, RouterAddress);
        router.BgpConfig.Add($"bgp cluster-id {RouterAddress}");
        foreach (Vtep vtep in vteps)
        {
            router.AddNeighbor(new FrrNeighborConfig(vtep.Address, "internal") { RouteReflectorClient = true, HoldTime = 3 });
        }
        await router.StartAsync();

        EvpndNode[] evpnds = [StartEvpnd(vteps[0]), StartEvpnd(vteps[1])];
        foreach (EvpndNode evpnd in evpnds)
        {
            await evpnd.StartAsync();
        }
        FrrNode frr = Lab.AddFrr(vteps[2].Namespace, As, vteps[2].Address);
        frr.AddNeighbor(new FrrNeighborConfig(RouterAddress, "internal") { HoldTime = 3 });
        frr.EvpnConfig.Add("advertise-all-vni");
        await frr.StartAsync();
        foreach (Vtep vtep in vteps)
        {
            await router.WaitForNeighborStateAsync(vtep.Address, "Established");
        }

        // Unicast between every pair: the remote MACs come from BGP.
        foreach (Vtep from in vteps)
        {
            foreach (Vtep to in vteps.Where(v => v != from))
            {
                await Poll.UntilAsync(() => from.Host.PingAsync(to.HostAddress), ok => ok, $"h{from.Index} to reach h{to.Index}");
            }
        }
        foreach (Vtep vtep in vteps.Take(2))
        {
            // Pings work before the MACs arrive (BUM goes through the group): wait for the routes.
            IReadOnlyList<FdbEntry> fdb = await Poll.UntilAsync(
                () => vtep.Namespace.GetFdbAsync("vxlan100"),
                f => vteps.Where(v => v != vtep).All(o => f.Any(e => e.Mac == HostMac(o.Index) && e.Dst == o.Address)),
                $"vtep{vtep.Index}'s FDB to send every other host's MAC to its VTEP",
                describe: f => string.Join("; ", f));
            Assert.That(fdb.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { Group }),
                $"vtep{vtep.Index} (evpnd) floods to the group only, no head-end entries: {string.Join("; ", fdb)}");
            foreach (Vtep other in vteps.Where(v => v != vtep))
            {
                Assert.That(fdb.Any(e => e.Mac == HostMac(other.Index) && e.Dst == other.Address), Is.True,
                    $"vtep{vtep.Index} sends h{other.Index}'s MAC to vtep{other.Index}: {string.Join("; ", fdb)}");
            }
        }

        var captures = new Dictionary<int, VxlanCapture>();
        foreach (Vtep vtep in vteps)
        {
            captures[vtep.Index] = await VxlanCapture.StartAsync(Lab, rr, vtep.RouterPort);
        }
        VxlanCapture[] all = [.. captures.Values];
        await ArpProbe.SendUntilSeenAsync(vteps[0].Host, "192.168.10.201", all);

        // One broadcast from behind an evpnd VTEP, one from behind FRR's.
        await ArpProbe.SendOneArpRequestAsync(vteps[0].Host, "192.168.10.199");
        await ArpProbe.SendOneArpRequestAsync(vteps[2].Host, "192.168.10.198");
        await ArpProbe.SendUntilSeenAsync(vteps[0].Host, "192.168.10.202", all);
        await ArpProbe.SendUntilSeenAsync(vteps[2].Host, "192.168.10.203", all);

        foreach (VxlanCapture capture in all)
        {
            TestContext.Out.WriteLine($"{capture.Device}: {string.Join("; ", capture.Packets.Where(p => p.ArpTarget is "192.168.10.199" or "192.168.10.198"))}");
        }
        Assert.Multiple(() =>
        {
            foreach (var (target, source) in new[] { ("192.168.10.199", vteps[0]), ("192.168.10.198", vteps[2]) })
            {
                foreach (Vtep vtep in vteps.Where(v => v != source))
                {
                    // A segment port carries what is sent to its VTEP and what it sends: count the copies
                    // from the source only.
                    var copies = captures[vtep.Index].ArpRequestsFor(target).Where(p => p.Source == source.Address).Select(p => p.Destination).ToList();
                    Assert.That(copies, Is.EqualTo(new[] { Group }),
                        $"h{source.Index}'s broadcast reaches vtep{vtep.Index} once, through the group (copies seen: {string.Join(", ", copies)})");
                }
            }
        });

        foreach (EvpndNode evpnd in evpnds)
        {
            EvpndVni vni = (await evpnd.ShowEvpnVniAsync(Vni)).Single();
            TestContext.Out.WriteLine($"{evpnd}: {vni}");
        }
    }

    private static string HostMac(int index) => string.Create(CultureInfo.InvariantCulture, $"02:00:00:00:{index:x2}:64");

    private async Task<Vtep> AddVtepAsync(Netns rr, int index)
    {
        Netns ns = await Lab.AddNamespaceAsync($"vtep{index}");
        VethLink link = await Lab.ConnectAsync(rr, ns, $"to-vtep{index}", "uplink");
        await rr.IpAsync("addr", "flush", "dev", link.A.Interface);
        await rr.IpAsync("link", "set", link.A.Interface, "master", "underlay");
        await ns.IpAsync("addr", "flush", "dev", link.B.Interface);
        await ns.AddAddressAsync(link.B.Interface, $"10.0.0.{index}/24");
        string vni = Vni.ToString(CultureInfo.InvariantCulture);
        await ns.AddBridgeAsync("br100");
        await ns.IpAsync("link", "set", "br100", "addrgenmode", "none");
        await ns.IpAsync("link", "add", "vxlan100", "type", "vxlan", "id", vni, "dstport", "4789",
            "local", $"10.0.0.{index}", "group", Group, "dev", link.B.Interface, "nolearning");
        await ns.IpAsync("link", "set", "vxlan100", "master", "br100", "addrgenmode", "none");
        (await ns.ExecAsync("bridge", "link", "set", "dev", "vxlan100", "learning", "off", "neigh_suppress", "off")).EnsureSuccess();
        await ns.IpAsync("link", "set", "vxlan100", "up");
        Netns host = await Lab.AddHostAsync($"h{index}", ns, "br100", HostMac(index), $"192.168.10.{index}/24");
        await host.SetSysctlAsync("net.ipv6.conf.all.disable_ipv6", "1");
        return new Vtep(index, ns, link.A.Interface, host);
    }

    private EvpndNode StartEvpnd(Vtep vtep)
    {
        EvpndNode node = Lab.AddEvpnd(vtep.Namespace, As, vtep.Address);
        node.ListenAddress = null;
        node.AddNeighbor(new EvpndNeighborConfig(RouterAddress, "internal") { HoldTime = 3, Keepalive = 1, ConnectRetry = 1 });
        string stateDir = Path.Combine(Lab.Directory, $"vtep{vtep.Index}-state");
        Directory.CreateDirectory(stateDir);
        node.ExtraYaml = $"state-dir: {stateDir}\nevpn:\n  advertise-all-vni: true\n";
        return node;
    }
}
