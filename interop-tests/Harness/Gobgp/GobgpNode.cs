using System.Globalization;
using System.Net;
using System.Text;

namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>
/// A gobgpd in a namespace, configured from a TOML file, its gRPC API on the namespace's own
/// loopback (127.0.0.1:50051 — every namespace has its own, so the port never clashes).
/// </summary>
public sealed class GobgpNode : ILabNode
{
    public const int ApiPort = 50051;
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);

    private readonly Lab _lab;

    internal GobgpNode(Lab lab, Netns ns, uint asn, string routerId)
    {
        _lab = lab;
        Namespace = ns;
        Asn = asn;
        RouterId = routerId;
        ConfigPath = Path.Combine(lab.Directory, $"{ns.ShortName}-gobgpd.toml");
    }

    public string Name => $"gobgp@{Namespace.ShortName}";

    public Netns Namespace { get; }

    public uint Asn { get; }

    public string RouterId { get; }

    public string ConfigPath { get; }

    public List<GobgpNeighborConfig> Neighbors { get; } = [];

    /// <summary>gobgpd's -l: panic, fatal, error, warn, info, debug.</summary>
    public string LogLevel { get; set; } = "info";

    public DaemonProcess? Process { get; private set; }

    public GobgpNode AddNeighbor(GobgpNeighborConfig neighbor)
    {
        Neighbors.Add(neighbor);
        return this;
    }

    /// <summary>Writes the TOML (first start only), starts gobgpd and waits until its API answers.</summary>
    public async Task StartAsync()
    {
        if (Process is { HasExited: false })
        {
            throw new LabException($"gobgpd in {Namespace} is already running (pid {Process.Pid})");
        }

        await File.WriteAllTextAsync(ConfigPath, RenderConfig());
        DaemonProcess process = _lab.StartDaemon(Namespace, $"{Namespace.ShortName}-gobgpd",
        [
            "gobgpd", "-f", ConfigPath, "-t", "toml", "-l", LogLevel,
            "--api-hosts", $"127.0.0.1:{ApiPort}", "--pprof-disable",
        ]);
        Process = process;
        await Poll.UntilAsync(
            async () =>
            {
                process.ThrowIfExited();
                return (await RunGobgpAsync("neighbor", "-j")).Succeeded;
            },
            answered => answered,
            $"gobgpd in {Namespace} to answer its API");
    }

    /// <summary>SIGTERM: gobgpd sends Cease to its peers and exits; returns the exit code.</summary>
    public Task<int> StopAsync() =>
        (Process ?? throw new LabException($"gobgpd in {Namespace} was never started")).StopAsync(s_stopTimeout);

    /// <summary>SIGKILL: the peer vanishes without a NOTIFICATION (its kernel still closes the TCP connection).</summary>
    public void Kill() =>
        (Process ?? throw new LabException($"gobgpd in {Namespace} was never started")).Kill();

    /// <summary>Runs `gobgp -u 127.0.0.1 -p PORT ARGS` in the namespace and returns its output.</summary>
    public async Task<string> GobgpAsync(params string[] args) => (await RunGobgpAsync(args)).EnsureSuccess().Stdout;

    public async Task<IReadOnlyList<GobgpNeighbor>> GetNeighborsAsync() =>
        Json.Parse<GobgpNeighbor[]>(await GobgpAsync("neighbor", "-j"), $"gobgp neighbor -j in {Namespace}");

    public async Task<GobgpNeighbor> GetNeighborAsync(string address)
    {
        IPAddress wanted = IPAddress.Parse(address);
        IReadOnlyList<GobgpNeighbor> neighbors = await GetNeighborsAsync();
        return neighbors.FirstOrDefault(n => IPAddress.Parse(n.Address).Equals(wanted))
            ?? throw new LabException($"GoBGP in {Namespace} has no neighbor {address}");
    }

    public Task<GobgpNeighbor> WaitForNeighborAsync(
        string address, Func<GobgpNeighbor, bool> condition, string description, TimeSpan? timeout = null) =>
        Poll.UntilAsync(
            () =>
            {
                Process?.ThrowIfExited();
                return GetNeighborAsync(address);
            },
            condition,
            $"GoBGP in {Namespace}: neighbor {address} {description}",
            timeout,
            n => n.ToString());

    public Task<GobgpNeighbor> WaitForNeighborStateAsync(string address, GobgpSessionState state, TimeSpan? timeout = null) =>
        WaitForNeighborAsync(address, n => n.State.SessionState == state, $"in state {state}", timeout);

    /// <summary>`gobgp global rib -a evpn -j`, one element per path.</summary>
    public async Task<IReadOnlyList<GobgpEvpnRoute>> GetEvpnRibAsync()
    {
        string json = await GobgpAsync("global", "rib", "-a", "evpn", "-j");
        if (string.IsNullOrWhiteSpace(json) || json.Trim() == "null")
        {
            return [];
        }

        Dictionary<string, GobgpEvpnPath[]> byKey =
            Json.Parse<Dictionary<string, GobgpEvpnPath[]>>(json, $"gobgp global rib -a evpn -j in {Namespace}");
        return [.. byKey.SelectMany(entry => entry.Value.Select(path => new GobgpEvpnRoute(entry.Key, path)))];
    }

    /// <summary>
    /// Originates an EVPN route from GoBGP: `gobgp global rib -a evpn add ARGS`, e.g.
    /// "macadv MAC IP esi 0 etag 0 label VNI rd RD rt RT encap vxlan nexthop VTEP" or
    /// "multicast VTEP etag 0 rd RD rt RT encap vxlan pmsi ingress-repl VNI VTEP".
    /// </summary>
    public Task AddEvpnRouteAsync(params string[] args) => GobgpAsync(["global", "rib", "-a", "evpn", "add", .. args]);

    public async Task WriteDiagnosticsAsync(TextWriter writer)
    {
        if (Process is null or { HasExited: true })
        {
            await writer.WriteLineAsync($"--- {Name}: gobgpd not running");
            return;
        }

        await writer.WriteLineAsync($"--- {Name}: gobgp neighbor ---");
        CommandResult result = await RunGobgpAsync("neighbor");
        await writer.WriteLineAsync(result.Stdout + result.Stderr);
        foreach (GobgpNeighborConfig neighbor in Neighbors)
        {
            result = await RunGobgpAsync("neighbor", neighbor.Address);
            await writer.WriteLineAsync(result.Stdout + result.Stderr);
        }
    }

    public string RenderConfig()
    {
        StringBuilder text = new();
        text.AppendLine("[global.config]");
        text.AppendLine(CultureInfo.InvariantCulture, $"  as = {Asn}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  router-id = \"{RouterId}\"");
        text.AppendLine("  port = 179");
        foreach (GobgpNeighborConfig n in Neighbors)
        {
            text.AppendLine();
            text.AppendLine("[[neighbors]]");
            text.AppendLine("  [neighbors.config]");
            text.AppendLine(CultureInfo.InvariantCulture, $"    neighbor-address = \"{n.Address}\"");
            text.AppendLine(CultureInfo.InvariantCulture, $"    peer-as = {n.PeerAs}");
            if (n.Password is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    auth-password = \"{n.Password}\"");
            }
            text.AppendLine("  [neighbors.timers.config]");
            text.AppendLine(CultureInfo.InvariantCulture, $"    connect-retry = {n.ConnectRetry}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    hold-time = {n.HoldTime}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    keepalive-interval = {n.Keepalive}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    idle-hold-time-after-reset = {n.IdleHoldTimeAfterReset}");
            text.AppendLine("  [neighbors.transport.config]");
            text.AppendLine(CultureInfo.InvariantCulture, $"    passive-mode = {(n.Passive ? "true" : "false")}");
            if (n.LocalAddress is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    local-address = \"{n.LocalAddress}\"");
            }

            text.AppendLine("  [[neighbors.afi-safis]]");
            text.AppendLine("    [neighbors.afi-safis.config]");
            text.AppendLine("      afi-safi-name = \"l2vpn-evpn\"");
        }

        return text.ToString();
    }

    private Task<CommandResult> RunGobgpAsync(params string[] args) =>
        Namespace.ExecAsync(["gobgp", "-u", "127.0.0.1", "-p", ApiPort.ToString(CultureInfo.InvariantCulture), .. args]);
}
