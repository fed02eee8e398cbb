using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// The topology of issue 5's demo lab (examples/lab/run), built inside a test's <see cref="Lab"/>:
/// an FRR router "rr" that routes the underlay and is either the iBGP route reflector or an eBGP
/// spine, VTEPs run by evpnd or FRR (bgpd+zebra), and hosts behind per-VNI bridges.
/// <code>
///                  rr (FRR: route reflector or spine, and underlay router)
///          to-vtep1 |       to-vtep2 |       to-vtep3 |       MTU 9000, 10.0.N.0/24
///             vtep1 (VTEP 10.255.0.1)  vtep2 ...        vtep3 ...     brV + vxlanV per VNI
///              h1a  h1b                h2a  h2b          h3a  h3b     MTU 1450
/// </code>
/// Host hNa is in VNI 100 at 192.168.10.N, hNb in VNI 200 at 192.168.10.(100+N): one subnet for
/// both VNIs, so that a VNI 100 host reaching a VNI 200 host would show a layer-2 leak.
/// </summary>
public sealed class ScenarioFabric
{
    public const uint IbgpAs = 65000;
    public const uint SpineAs = 65100;
    public const string RouterId = "10.255.0.254";

    /// <summary>Short hold time (RFC 4271 minimum is 3 s) so that a dead VTEP is noticed quickly.</summary>
    public const int HoldTime = 3;

    private readonly Lab _lab;
    private readonly List<ScenarioVtep> _vteps = [];
    private readonly List<ScenarioHost> _hosts = [];

    private ScenarioFabric(Lab lab, FabricKind kind, Netns router)
    {
        _lab = lab;
        Kind = kind;
        RouterNamespace = router;
    }

    public FabricKind Kind { get; }

    public Netns RouterNamespace { get; }

    public FrrNode? Router { get; private set; }

    /// <summary>Lines added to the router's `router bgp` section (graceful restart, say); set before <see cref="StartAsync"/>.</summary>
    public List<string> RouterBgpConfig { get; } = [];

    /// <summary>Lines added to the `router bgp` section of every FRR VTEP; set before <see cref="StartAsync"/>.</summary>
    public List<string> FrrVtepBgpConfig { get; } = [];

    public IReadOnlyList<ScenarioVtep> Vteps => _vteps;

    public IReadOnlyList<ScenarioHost> Hosts => _hosts;

    public ScenarioVtep Vtep(int index) => _vteps.Single(v => v.Index == index);

    public ScenarioHost Host(string name) => _hosts.Single(h => h.Name == name);

    /// <summary>
    /// Creates the namespaces, the routed underlay, the bridges and VXLAN devices and one host per
    /// VTEP and VNI (hNa for VNI 100, hNb for VNI 200). No speaker runs yet: see <see cref="StartAsync"/>.
    /// </summary>
    public static async Task<ScenarioFabric> BuildAsync(Lab lab, FabricKind kind, params VtepSpec[] specs)
    {
        Netns router = await lab.AddNamespaceAsync("rr");
        await router.SetSysctlAsync("net.ipv4.ip_forward", "1");
        await router.AddAddressAsync("lo", $"{RouterId}/32");
        ScenarioFabric fabric = new(lab, kind, router);
        foreach (VtepSpec spec in specs)
        {
            await fabric.AddVtepAsync(spec);
        }

        foreach (ScenarioVtep vtep in fabric._vteps)
        {
            foreach (int vni in vtep.Vnis)
            {
                await fabric.AddHostAsync(vtep, vni);
            }
        }

        return fabric;
    }

    /// <summary>Starts the router's FRR, then every VTEP's speaker, and waits until the router has every session up.</summary>
    public async Task StartAsync()
    {
        if (Kind == FabricKind.IbgpFullMesh)
        {
            foreach (ScenarioVtep vtep in _vteps)
            {
                await StartSpeakerAsync(vtep);
            }

            foreach (ScenarioVtep vtep in _vteps)
            {
                foreach (ScenarioVtep other in _vteps.Where(v => v != vtep))
                {
                    await WaitForSessionAsync(vtep, other);
                }
            }

            return;
        }

        bool ibgp = Kind == FabricKind.IbgpRouteReflector;
        FrrNode router = _lab.AddFrr(RouterNamespace, ibgp ? IbgpAs : SpineAs, RouterId);
        foreach (ScenarioVtep vtep in _vteps)
        {
            string address = vtep.Uplink.IPv4.ToString();
            router.AddNeighbor(new FrrNeighborConfig(address, ibgp ? "internal" : "external")
            {
                HoldTime = HoldTime,
                RouteReflectorClient = ibgp,
            });
            if (!ibgp)
            {
                // A spine that is not a reflector re-advertises between leaves; it must leave the
                // next hop (the originating VTEP) alone, or VXLAN would be sent to the spine.
                router.EvpnConfig.Add($"neighbor {address} attribute-unchanged next-hop");
            }
        }

        if (ibgp)
        {
            router.BgpConfig.Add($"bgp cluster-id {RouterId}");
        }

        router.BgpConfig.AddRange(RouterBgpConfig);

        Router = router;
        await router.StartAsync();
        foreach (ScenarioVtep vtep in _vteps)
        {
            await StartSpeakerAsync(vtep);
        }

        foreach (ScenarioVtep vtep in _vteps)
        {
            await router.WaitForNeighborStateAsync(vtep.Uplink.IPv4.ToString(), "Established");
        }
    }

    /// <summary>(Re)starts the speaker of one VTEP (after a kill, say) with the configuration it had.</summary>
    public async Task StartSpeakerAsync(ScenarioVtep vtep)
    {
        if (vtep.Kind == VtepKind.Evpnd)
        {
            EvpndNode node = vtep.Evpnd ?? CreateEvpnd(vtep);
            vtep.Evpnd = node;
            await node.StartAsync();
        }
        else
        {
            FrrNode node = vtep.Frr ?? CreateFrr(vtep);
            vtep.Frr = node;
            await node.StartAsync();
        }
    }

    /// <summary>In a full mesh: waits until <paramref name="vtep"/>'s speaker has its session to <paramref name="other"/> up.</summary>
    public async Task WaitForSessionAsync(ScenarioVtep vtep, ScenarioVtep other)
    {
        string address = other.Uplink.IPv4.ToString();
        if (vtep.Evpnd is { } evpnd)
        {
            await evpnd.WaitForNeighborStateAsync(address, "Established");
        }
        else
        {
            await vtep.RequireFrr().WaitForNeighborStateAsync(address, "Established");
        }
    }

    /// <summary>
    /// Pings between every pair of hosts in the same VNI until each answers once, so that every
    /// bridge has learned its hosts' MACs and every speaker has advertised them.
    /// </summary>
    public async Task PingAllPairsAsync(TextWriter? log = null)
    {
        foreach (ScenarioHost from in _hosts)
        {
            foreach (ScenarioHost to in _hosts.Where(h => h != from && h.Vni == from.Vni))
            {
                Stopwatch elapsed = Stopwatch.StartNew();
                await Poll.UntilAsync(() => from.PingAsync(to), ok => ok, $"{from} to reach {to} by ping");
                log?.WriteLine($"{from.Name} -> {to.Name}: reachable after {elapsed.ElapsedMilliseconds} ms");
            }
        }
    }

    /// <summary>Waits until a VTEP's kernel FDB sends a host's MAC to the VTEP the host is behind.</summary>
    public Task<IReadOnlyList<FdbEntry>> WaitForRemoteMacAsync(ScenarioVtep at, ScenarioHost host) =>
        Poll.UntilAsync(
            () => at.GetVxlanFdbAsync(host.Vni),
            fdb => fdb.Any(e => e.Mac == host.Mac && e.Dst == host.Vtep.Address),
            $"{at}'s FDB on {ScenarioVtep.Vxlan(host.Vni)} to send {host.Mac} ({host.Name}) to {host.Vtep.Address}",
            describe: fdb => string.Join("; ", fdb));

    /// <summary>
    /// Moves a host to <paramref name="to"/> the way a virtual machine migrates: a new interface
    /// with the same MAC and address is plugged into the new VTEP's bridge and the address leaves
    /// the old interface, which stays up but silent (arp_ignore=1, rp_filter=1: it answers
    /// nothing without an address). The old VTEP's bridge still holds the MAC, so it hears of the move only from the
    /// new VTEP's route: the case RFC 7432 section 15's sequence numbers are for. (Deleting the old
    /// link instead races the old VTEP's withdrawal against the new one's learning, and a MAC
    /// learned after the withdrawal rightly starts again at sequence 0.)
    /// </summary>
    public async Task MoveHostAsync(ScenarioHost host, ScenarioVtep to)
    {
        await host.Namespace.SetSysctlAsync("net.ipv4.conf.all.arp_ignore", "1");
        // Strict reverse-path filtering: what still arrives through the old VTEP is dropped,
        // instead of being answered through the new one.
        await host.Namespace.SetSysctlAsync("net.ipv4.conf.all.rp_filter", "1");
        string hostSide = host.Namespace.ReserveInterfaceName("eth1");
        string port = to.Namespace.ReserveInterfaceName($"h-{host.Name}");
        await PlugHostAsync(host.Namespace, to, host.Vni, port, host.Mac, address: null, hostSide);
        // A migrated machine keeps its ARP cache: its first packets go out at once, unicast,
        // rather than after ARP, so what the test sees is the control plane's convergence. Read
        // before the address goes: removing a device's last IPv4 address flushes its ARP entries.
        CommandResult neighbors = (await host.Namespace.ExecAsync("ip", "-j", "neigh", "show", "dev", host.Interface)).EnsureSuccess();
        await host.Namespace.IpAsync("addr", "del", $"{host.Address}/24", "dev", host.Interface);
        await host.Namespace.AddAddressAsync(hostSide, $"{host.Address}/24");
        foreach (JsonElement neighbor in string.IsNullOrWhiteSpace(neighbors.Stdout) ? [] : Json.Parse<JsonElement[]>(neighbors.Stdout, "ip -j neigh show"))
        {
            if (neighbor.TryGetProperty("dst", out JsonElement dst) && neighbor.TryGetProperty("lladdr", out JsonElement lladdr))
            {
                await host.Namespace.IpAsync("neigh", "replace", dst.GetString()!, "lladdr", lladdr.GetString()!, "dev", hostSide, "nud", "stale");
            }
        }

        host.Vtep = to;
        host.Port = port;
        host.Interface = hostSide;
    }

    /// <summary>What an operator would look at when a scenario fails: FDBs and both speakers' EVPN views.</summary>
    public async Task WriteDiagnosticsAsync(TextWriter writer)
    {
        foreach (ScenarioVtep vtep in _vteps)
        {
            await writer.WriteLineAsync($"--- {vtep}: bridge fdb show (remote and flood entries) ---");
            await WriteCommandAsync(writer, vtep.Namespace.ExecAsync("bridge", "fdb", "show"), keep: line => line.Contains("dst", StringComparison.Ordinal) || line.Contains("extern_learn", StringComparison.Ordinal) || line.Contains("h-", StringComparison.Ordinal));
            if (vtep.Evpnd is { Process.HasExited: false } evpnd)
            {
                foreach (string[] args in new[] { new[] { "show", "evpn", "vni" }, ["show", "evpn", "macs"], ["show", "evpn", "routes"] })
                {
                    await writer.WriteLineAsync($"--- {vtep}: evpnd {string.Join(' ', args)} ---");
                    await WriteCommandAsync(writer, evpnd.CliAsync(args));
                }
            }

            if (vtep.Frr is { Bgpd.HasExited: false } frr)
            {
                await writer.WriteLineAsync($"--- {vtep}: show evpn mac vni all; show evpn vni ---");
                await WriteCommandAsync(writer, ProcessRunner.RunAsync(["vtysh", "-N", vtep.Namespace.Name, "-c", "show evpn mac vni all", "-c", "show evpn vni detail"]));
            }
        }

        if (Router is { Bgpd.HasExited: false })
        {
            await writer.WriteLineAsync("--- rr: show bgp l2vpn evpn ---");
            await WriteCommandAsync(writer, ProcessRunner.RunAsync(["vtysh", "-N", RouterNamespace.Name, "-c", "show bgp l2vpn evpn"]));
        }
    }

    /// <summary>Every MAC zebra or evpnd knows on a VTEP, as text (for messages and logs).</summary>
    public static async Task<string> DescribeMacsAsync(ScenarioVtep vtep, int vni) =>
        vtep.Evpnd is { } evpnd
            ? string.Join("; ", await evpnd.ShowEvpnMacsAsync(vni))
            : string.Join("; ", (await vtep.RequireFrr().GetEvpnMacsAsync()).Where(m => m.Vni == vni));

    private static async Task WriteCommandAsync(TextWriter writer, Task<CommandResult> command, Func<string, bool>? keep = null)
    {
        try
        {
            CommandResult result = await command;
            IEnumerable<string> lines = (result.Stdout + result.Stderr).Split('\n');
            await writer.WriteLineAsync(string.Join('\n', keep is null ? lines : lines.Where(keep)));
        }
        catch (LabException e)
        {
            await writer.WriteLineAsync($"(failed: {e.Message})");
        }
    }

    private async Task AddVtepAsync(VtepSpec spec)
    {
        Netns ns = await _lab.AddNamespaceAsync($"vtep{spec.Index}");
        VethLink link = await _lab.ConnectAsync(RouterNamespace, ns, $"to-vtep{spec.Index}", "uplink");
        // VXLAN adds 50 bytes: a jumbo underlay carries the hosts' full 1450-byte frames.
        await RouterNamespace.IpAsync("link", "set", link.A.Interface, "mtu", "9000");
        await ns.IpAsync("link", "set", link.B.Interface, "mtu", "9000");
        uint asn = Kind == FabricKind.EbgpSpine ? (uint)(65000 + spec.Index) : IbgpAs;
        ScenarioVtep vtep = new(spec, ns, asn, link.B, link.A);
        await ns.AddAddressAsync("lo", $"{vtep.Address}/32");
        string gateway = link.A.IPv4.ToString();
        await ns.IpAsync("route", "add", "default", "via", gateway);
        // FRR's next-hop tracking ignores the default route: the VTEP range gets a route of its own.
        await ns.AddRouteAsync("10.255.0.0/24", gateway);
        if (Kind == FabricKind.IbgpFullMesh)
        {
            // The sessions run between uplink addresses: FRR's next-hop tracking needs a route to them too.
            await ns.AddRouteAsync("10.0.0.0/16", gateway);
        }
        await RouterNamespace.AddRouteAsync($"{vtep.Address}/32", link.B.IPv4.ToString());
        foreach (int vni in spec.Vnis)
        {
            string vniText = vni.ToString(CultureInfo.InvariantCulture);
            string bridge = ScenarioVtep.Bridge(vni);
            string vxlan = ScenarioVtep.Vxlan(vni);
            await ns.IpAsync("link", "add", bridge, "type", "bridge");
            await ns.IpAsync("link", "set", bridge, "addrgenmode", "none");
            // As zebra wants it: no data-plane learning on the VXLAN port, the control plane fills the FDB.
            await ns.IpAsync("link", "add", vxlan, "type", "vxlan", "id", vniText, "dstport", "4789", "local", vtep.Address, "nolearning");
            await ns.IpAsync("link", "set", vxlan, "master", bridge, "addrgenmode", "none");
            (await ns.ExecAsync("bridge", "link", "set", "dev", vxlan, "neigh_suppress", "off", "learning", "off")).EnsureSuccess();
            await ns.IpAsync("link", "set", vxlan, "up");
            await ns.IpAsync("link", "set", bridge, "up");
        }

        _vteps.Add(vtep);
    }

    private async Task AddHostAsync(ScenarioVtep vtep, int vni)
    {
        string letter = vni switch { 100 => "a", 200 => "b", _ => $"v{vni}" };
        string name = $"h{vtep.Index}{letter}";
        int number = vni == 100 ? vtep.Index : 100 + vtep.Index;
        string mac = string.Create(CultureInfo.InvariantCulture, $"02:00:00:00:{vtep.Index:x2}:{vni & 0xff:x2}");
        string address = string.Create(CultureInfo.InvariantCulture, $"192.168.10.{number}");
        Netns ns = await _lab.AddNamespaceAsync(name);
        // IPv4 only: no router solicitations or MLD reports flooding the VNIs while packets are counted.
        await ns.SetSysctlAsync("net.ipv6.conf.all.disable_ipv6", "1");
        await ns.SetSysctlAsync("net.ipv6.conf.default.disable_ipv6", "1");
        string port = vtep.Namespace.ReserveInterfaceName($"h-{name}");
        string hostSide = ns.ReserveInterfaceName("eth0");
        await PlugHostAsync(ns, vtep, vni, port, mac, address, hostSide);
        _hosts.Add(new ScenarioHost(name, ns, vtep, vni, mac, address, port, hostSide));
    }

    private static async Task PlugHostAsync(Netns host, ScenarioVtep vtep, int vni, string port, string mac, string? address, string hostSide)
    {
        await vtep.Namespace.IpAsync("link", "add", port, "mtu", "1450", "type", "veth", "peer", "name", hostSide, "netns", host.Name);
        await vtep.Namespace.IpAsync("link", "set", port, "master", ScenarioVtep.Bridge(vni));
        await vtep.Namespace.IpAsync("link", "set", port, "up");
        await host.IpAsync("link", "set", hostSide, "address", mac, "mtu", "1450");
        if (address is not null)
        {
            await host.AddAddressAsync(hostSide, $"{address}/24");
        }

        await host.IpAsync("link", "set", hostSide, "up");
    }

    private EvpndNode CreateEvpnd(ScenarioVtep vtep)
    {
        EvpndNode node = _lab.AddEvpnd(vtep.Namespace, vtep.Asn, vtep.Address);
        if (Kind == FabricKind.IbgpFullMesh)
        {
            // Both ends connect and listen; the collision rules (RFC 4271 s6.8) keep one session.
            foreach (ScenarioVtep other in _vteps.Where(v => v != vtep))
            {
                node.AddNeighbor(new EvpndNeighborConfig(other.Uplink.IPv4.ToString(), "internal")
                {
                    HoldTime = HoldTime,
                    Keepalive = 1,
                    ConnectRetry = 1,
                });
            }
        }
        else
        {
            node.ListenAddress = null;
            string remoteAs = Kind == FabricKind.IbgpRouteReflector ? "internal" : SpineAs.ToString(CultureInfo.InvariantCulture);
            node.AddNeighbor(new EvpndNeighborConfig(vtep.RouterSide.IPv4.ToString(), remoteAs)
            {
                HoldTime = HoldTime,
                Keepalive = 1,
                ConnectRetry = 1,
            });
        }

        string stateDir = Path.Combine(_lab.Directory, $"vtep{vtep.Index}-state");
        Directory.CreateDirectory(stateDir);
        // VNIs, local VTEP address, RD and RTs all come from the kernel's VXLAN devices (advertise-all-vni).
        node.ExtraYaml = $"state-dir: {stateDir}\nevpn:\n  advertise-all-vni: true\n";
        return node;
    }

    private FrrNode CreateFrr(ScenarioVtep vtep)
    {
        FrrNode node = _lab.AddFrr(vtep.Namespace, vtep.Asn, vtep.Address);
        if (Kind == FabricKind.IbgpFullMesh)
        {
            foreach (ScenarioVtep other in _vteps.Where(v => v != vtep))
            {
                node.AddNeighbor(new FrrNeighborConfig(other.Uplink.IPv4.ToString(), "internal") { HoldTime = HoldTime });
            }
        }
        else
        {
            bool ibgp = Kind == FabricKind.IbgpRouteReflector;
            node.AddNeighbor(new FrrNeighborConfig(vtep.RouterSide.IPv4.ToString(), ibgp ? "internal" : "external")
            {
                HoldTime = HoldTime,
            });
        }

        node.BgpConfig.AddRange(FrrVtepBgpConfig);
        node.EvpnConfig.Add("advertise-all-vni");
        return node;
    }
}
