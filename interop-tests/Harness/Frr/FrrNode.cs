using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>
/// An FRR router in a namespace: one zebra and one bgpd started in the foreground with pathspace
/// `-N &lt;namespace&gt;`, their own pid files, zserv socket and vty socket directory
/// (/var/run/frr/&lt;namespace&gt;/, owned by frr), and `frr defaults datacenter`. Neighbors are
/// activated for L2VPN/EVPN only (`no bgp default ipv4-unicast`).
/// </summary>
public sealed class FrrNode : ILabNode
{
    public const string BgpdPath = "/usr/lib/frr/bgpd";
    public const string ZebraPath = "/usr/lib/frr/zebra";
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);

    private readonly Lab _lab;

    internal FrrNode(Lab lab, Netns ns, uint asn, string routerId)
    {
        _lab = lab;
        Namespace = ns;
        Asn = asn;
        RouterId = routerId;
        RunDirectory = $"/var/run/frr/{ns.Name}";
        EtcDirectory = $"/etc/frr/{ns.Name}";
        ConfigDirectory = Path.Combine(lab.Directory, $"{ns.ShortName}-frr");
    }

    public string Name => $"frr@{Namespace.ShortName}";

    public Netns Namespace { get; }

    public uint Asn { get; }

    public string RouterId { get; }

    public List<FrrNeighborConfig> Neighbors { get; } = [];

    /// <summary>Top-level lines before `router bgp` (interfaces, debugs).</summary>
    public List<string> GlobalConfig { get; } = [];

    /// <summary>Lines inside `router bgp`, after the neighbors.</summary>
    public List<string> BgpConfig { get; } = [];

    /// <summary>Lines inside `address-family l2vpn evpn` (e.g. "advertise-all-vni").</summary>
    public List<string> EvpnConfig { get; } = [];

    /// <summary>Where zebra and bgpd keep pid files and sockets.</summary>
    public string RunDirectory { get; }

    /// <summary>/etc/frr/&lt;namespace&gt;, holding the empty vtysh.conf that `vtysh -N` wants.</summary>
    public string EtcDirectory { get; }

    public string ConfigDirectory { get; }

    public string ConfigPath => Path.Combine(ConfigDirectory, "frr.conf");

    public string ZservPath => Path.Combine(RunDirectory, "zserv.api");

    public DaemonProcess? Zebra { get; private set; }

    public DaemonProcess? Bgpd { get; private set; }

    public FrrNode AddNeighbor(FrrNeighborConfig neighbor)
    {
        Neighbors.Add(neighbor);
        return this;
    }

    /// <summary>Writes the configuration, starts zebra, then bgpd, and waits until bgpd answers vtysh.</summary>
    public async Task StartAsync()
    {
        await PrepareDirectoriesAsync();
        Zebra = _lab.StartDaemon(Namespace, $"{Namespace.ShortName}-zebra",
        [
            ZebraPath, "-N", Namespace.Name, "-f", Path.Combine(ConfigDirectory, "zebra.conf"),
            "-i", Path.Combine(RunDirectory, "zebra.pid"), "-z", ZservPath, "--vty_socket", RunDirectory,
            "-A", "127.0.0.1", "-P", "0", "-s", "33554432",
        ]);
        DaemonProcess zebra = Zebra;
        await Poll.UntilAsync(
            () => Task.FromResult(File.Exists(ZservPath) || zebra.HasExited),
            ready => ready,
            $"zebra in {Namespace} to create {ZservPath}");
        zebra.ThrowIfExited();
        await StartBgpdAsync();
    }

    /// <summary>Starts bgpd (again, after <see cref="StopBgpdAsync"/>) and waits until it answers vtysh.</summary>
    public async Task StartBgpdAsync()
    {
        if (Bgpd is { HasExited: false })
        {
            throw new LabException($"bgpd in {Namespace} is already running (pid {Bgpd.Pid})");
        }

        DaemonProcess bgpd = _lab.StartDaemon(Namespace, $"{Namespace.ShortName}-bgpd",
        [
            BgpdPath, "-N", Namespace.Name, "-f", ConfigPath, "-i", Path.Combine(RunDirectory, "bgpd.pid"),
            "-z", ZservPath, "--vty_socket", RunDirectory, "-A", "127.0.0.1", "-P", "0",
        ]);
        Bgpd = bgpd;
        await Poll.UntilAsync(
            async () =>
            {
                bgpd.ThrowIfExited();
                return (await RunVtyshAsync("show bgp summary json")).Succeeded;
            },
            answered => answered,
            $"bgpd in {Namespace} to answer vtysh");
    }

    /// <summary>Stops bgpd with SIGTERM (it sends Cease to its peers) and returns its exit code.</summary>
    public Task<int> StopBgpdAsync() =>
        (Bgpd ?? throw new LabException($"bgpd in {Namespace} was never started")).StopAsync(s_stopTimeout);

    /// <summary>Runs one or more vtysh commands (`-c` each) and returns the output.</summary>
    public async Task<string> VtyshAsync(params string[] commands) =>
        (await RunVtyshAsync(commands)).EnsureSuccess().Stdout;

    public async Task<T> VtyshJsonAsync<T>(string command) =>
        Json.Parse<T>(await VtyshAsync(command), $"vtysh -N {Namespace.Name} -c '{command}'");

    /// <summary>Applies configuration lines in `configure terminal` (e.g. "router bgp 65001", "neighbor ...").</summary>
    public Task ConfigureAsync(params string[] lines) => VtyshAsync(["configure terminal", .. lines]);

    /// <summary>All neighbors of `show bgp neighbors json`.</summary>
    public async Task<IReadOnlyList<FrrNeighbor>> GetNeighborsAsync()
    {
        Dictionary<string, JsonElement> byAddress =
            await VtyshJsonAsync<Dictionary<string, JsonElement>>("show bgp neighbors json");
        List<FrrNeighbor> neighbors = [];
        foreach ((string key, JsonElement value) in byAddress)
        {
            // Non-address keys (e.g. "bgpNoSuchNeighbor") are FRR's status flags, not neighbors.
            if (IPAddress.TryParse(key, out _) && value.ValueKind == JsonValueKind.Object)
            {
                FrrNeighbor neighbor = value.Deserialize<FrrNeighbor>(Json.Options)
                    ?? throw new LabException($"FRR printed null for neighbor {key}");
                neighbors.Add(neighbor with { Address = key });
            }
        }

        return neighbors;
    }

    /// <summary>The neighbor with this address; fails when FRR does not list it.</summary>
    public async Task<FrrNeighbor> GetNeighborAsync(string address)
    {
        IPAddress wanted = IPAddress.Parse(address);
        IReadOnlyList<FrrNeighbor> neighbors = await GetNeighborsAsync();
        return neighbors.FirstOrDefault(n => IPAddress.Parse(n.Address).Equals(wanted))
            ?? throw new LabException($"FRR in {Namespace} has no neighbor {address} (has: {string.Join(", ", neighbors.Select(n => n.Address))})");
    }

    public Task<FrrNeighbor> WaitForNeighborAsync(
        string address, Func<FrrNeighbor, bool> condition, string description, TimeSpan? timeout = null) =>
        Poll.UntilAsync(
            () =>
            {
                Bgpd?.ThrowIfExited();
                return GetNeighborAsync(address);
            },
            condition,
            $"FRR in {Namespace}: neighbor {address} {description}",
            timeout,
            n => n.ToString());

    public Task<FrrNeighbor> WaitForNeighborStateAsync(string address, string state, TimeSpan? timeout = null) =>
        WaitForNeighborAsync(address, n => n.BgpState == state, $"in state {state}", timeout);

    /// <summary>`show bgp l2vpn evpn summary json`.</summary>
    public Task<FrrSummary> GetEvpnSummaryAsync() => VtyshJsonAsync<FrrSummary>("show bgp l2vpn evpn summary json");

    /// <summary>Every path of `show bgp l2vpn evpn route [type T] json`, flattened.</summary>
    /// <param name="type">Null for all, or FRR's type keyword ("macip", "multicast", "prefix", "ead", "es").</param>
    public async Task<IReadOnlyList<FrrEvpnRoute>> GetEvpnRoutesAsync(string? type = null)
    {
        string command = type is null ? "show bgp l2vpn evpn route json" : $"show bgp l2vpn evpn route type {type} json";
        JsonElement root = await VtyshJsonAsync<JsonElement>(command);
        List<FrrEvpnRoute> routes = [];
        // { "<rd>": { "rd": ..., "<prefix>": { "prefix": ..., "paths": [[path, ...]] } }, "numPrefix": N, ... }
        foreach (JsonProperty rd in root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
        {
            foreach (JsonProperty prefix in rd.Value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                if (!prefix.Value.TryGetProperty("paths", out JsonElement paths))
                {
                    continue;
                }

                foreach (JsonElement path in paths.EnumerateArray().SelectMany(Flatten))
                {
                    FrrEvpnPath parsed = path.Deserialize<FrrEvpnPath>(Json.Options)
                        ?? throw new LabException($"FRR printed a null path under {rd.Name} {prefix.Name}");
                    routes.Add(new FrrEvpnRoute(rd.Name, prefix.Name, parsed));
                }
            }
        }

        return routes;
    }

    /// <summary>zebra's `show evpn mac vni all json`, one element per VNI and MAC.</summary>
    public async Task<IReadOnlyList<FrrEvpnMac>> GetEvpnMacsAsync()
    {
        JsonElement root = await VtyshJsonAsync<JsonElement>("show evpn mac vni all json");
        List<FrrEvpnMac> macs = [];
        foreach (JsonProperty vni in root.EnumerateObject())
        {
            if (!int.TryParse(vni.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int vniNumber)
                || !vni.Value.TryGetProperty("macs", out JsonElement byMac))
            {
                continue;
            }

            foreach (JsonProperty mac in byMac.EnumerateObject())
            {
                FrrEvpnMac parsed = mac.Value.Deserialize<FrrEvpnMac>(Json.Options)
                    ?? throw new LabException($"FRR printed null for MAC {mac.Name}");
                macs.Add(parsed with { Vni = vniNumber, Mac = mac.Name });
            }
        }

        return macs;
    }

    public async Task WriteDiagnosticsAsync(TextWriter writer)
    {
        if (Bgpd is null or { HasExited: true })
        {
            await writer.WriteLineAsync($"--- {Name}: bgpd not running");
            return;
        }

        CommandResult result = await RunVtyshAsync("show bgp l2vpn evpn summary", "show bgp neighbors");
        await writer.WriteLineAsync($"--- {Name}: show bgp l2vpn evpn summary; show bgp neighbors ---");
        await writer.WriteLineAsync(result.Stdout + result.Stderr);
    }

    /// <summary>The bgpd configuration this node runs with.</summary>
    public string RenderConfig()
    {
        StringBuilder text = new();
        // "frr defaults" must come first: it selects the defaults the rest is read against.
        text.AppendLine("frr defaults datacenter");
        text.AppendLine(CultureInfo.InvariantCulture, $"hostname {Namespace.ShortName}");
        text.AppendLine("log stdout debugging");
        text.AppendLine("log timestamp precision 3");
        text.AppendLine("debug bgp neighbor-events");
        foreach (string line in GlobalConfig)
        {
            text.AppendLine(line);
        }

        text.AppendLine("!");
        text.AppendLine(CultureInfo.InvariantCulture, $"router bgp {Asn}");
        text.AppendLine(CultureInfo.InvariantCulture, $" bgp router-id {RouterId}");
        text.AppendLine(" no bgp ebgp-requires-policy");
        text.AppendLine(" no bgp default ipv4-unicast");
        foreach (FrrNeighborConfig n in Neighbors)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $" neighbor {n.Address} remote-as {n.RemoteAs}");
            if (n.Passive)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $" neighbor {n.Address} passive");
            }

            if (n.HoldTime is int hold)
            {
                int keepalive = n.Keepalive ?? Math.Max(1, hold / 3);
                text.AppendLine(CultureInfo.InvariantCulture, $" neighbor {n.Address} timers {keepalive} {hold}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $" neighbor {n.Address} timers connect {n.ConnectRetry}");
            if (n.UpdateSource is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $" neighbor {n.Address} update-source {n.UpdateSource}");
            }

            foreach (string line in n.ExtraLines)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $" neighbor {n.Address} {line}");
            }
        }

        foreach (string line in BgpConfig)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $" {line}");
        }

        text.AppendLine(" !");
        text.AppendLine(" address-family l2vpn evpn");
        foreach (FrrNeighborConfig n in Neighbors)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  neighbor {n.Address} activate");
            if (n.RouteReflectorClient)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  neighbor {n.Address} route-reflector-client");
            }
        }

        foreach (string line in EvpnConfig)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {line}");
        }

        text.AppendLine(" exit-address-family");
        text.AppendLine("exit");
        text.AppendLine("!");
        return text.ToString();
    }

    // FRR nests paths as an array of arrays (one inner array per path-info list).
    private static IEnumerable<JsonElement> Flatten(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().SelectMany(Flatten) : [element];

    private Task<CommandResult> RunVtyshAsync(params string[] commands)
    {
        // vtysh appends the pathspace to --vty_socket, so -N alone finds /var/run/frr/<namespace>/.
        List<string> argv = ["vtysh", "-N", Namespace.Name];
        foreach (string command in commands)
        {
            argv.Add("-c");
            argv.Add(command);
        }

        return ProcessRunner.RunAsync(argv);
    }

    private async Task PrepareDirectoriesAsync()
    {
        foreach (string directory in new[] { RunDirectory, EtcDirectory })
        {
            if (Directory.Exists(directory))
            {
                throw new LabException($"{directory} already exists; another FRR instance uses pathspace {Namespace.Name}");
            }

            Directory.CreateDirectory(directory);
            _lab.RegisterCleanupPath(directory);
        }

        Directory.CreateDirectory(ConfigDirectory);
        await File.WriteAllTextAsync(Path.Combine(EtcDirectory, "vtysh.conf"), "");
        await File.WriteAllTextAsync(ConfigPath, RenderConfig());
        await File.WriteAllTextAsync(
            Path.Combine(ConfigDirectory, "zebra.conf"),
            $"frr defaults datacenter\nhostname {Namespace.ShortName}\nlog stdout informational\n!\n");
        // zebra and bgpd drop to user frr: it must own the sockets directory and read the configs.
        foreach (string path in new[] { RunDirectory, EtcDirectory, ConfigDirectory })
        {
            (await ProcessRunner.RunAsync(["chown", "-R", "frr:frr", path])).EnsureSuccess();
        }
    }
}
