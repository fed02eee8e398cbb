using System.Globalization;
using System.Net;
using System.Text;

namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>
/// evpnd in a namespace: `ip netns exec NS dotnet evpnd.dll run --config FILE`, its output kept
/// as the daemon log, its control socket in the lab directory, queried with
/// `dotnet evpnd.dll show neighbors --json --socket PATH`.
/// </summary>
public sealed class EvpndNode : ILabNode
{
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(15);

    private readonly Lab _lab;

    internal EvpndNode(Lab lab, Netns ns, uint asn, string routerId)
    {
        _lab = lab;
        Namespace = ns;
        Asn = asn;
        RouterId = routerId;
        ConfigPath = Path.Combine(lab.Directory, $"{ns.ShortName}-evpnd.yaml");
        ControlSocket = Path.Combine(lab.Directory, $"{ns.ShortName}-evpnd.sock");
    }

    public string Name => $"evpnd@{Namespace.ShortName}";

    public Netns Namespace { get; }

    public uint Asn { get; }

    public string RouterId { get; }

    public string ConfigPath { get; }

    public string ControlSocket { get; }

    public List<EvpndNeighborConfig> Neighbors { get; } = [];

    /// <summary>Listen address; null writes `listen: false` (no listener, every peer active).</summary>
    public string? ListenAddress { get; set; } = "::";

    public int ListenPort { get; set; } = 179;

    public string LogLevel { get; set; } = "debug";

    /// <summary>More top-level YAML appended verbatim (e.g. an `evpn:` section).</summary>
    public string? ExtraYaml { get; set; }

    public DaemonProcess? Process { get; private set; }

    public EvpndNode AddNeighbor(EvpndNeighborConfig neighbor)
    {
        Neighbors.Add(neighbor);
        return this;
    }

    /// <summary>Writes the YAML, starts evpnd and waits until its control socket answers.</summary>
    public async Task StartAsync()
    {
        if (Process is { HasExited: false })
        {
            throw new LabException($"evpnd in {Namespace} is already running (pid {Process.Pid})");
        }

        await File.WriteAllTextAsync(ConfigPath, RenderConfig());
        // `ip netns exec` execs the command, so the pid we hold is the dotnet process itself.
        DaemonProcess process = _lab.StartDaemon(Namespace, $"{Namespace.ShortName}-evpnd",
            [.. DotnetHost.EvpndCommand, "run", "--config", ConfigPath]);
        Process = process;
        await Poll.UntilAsync(
            async () =>
            {
                process.ThrowIfExited();
                return File.Exists(ControlSocket) && (await CliAsync("show", "neighbors", "--json")).Succeeded;
            },
            answered => answered,
            $"evpnd in {Namespace} to answer on {ControlSocket}");
    }

    /// <summary>SIGTERM to evpnd's pid; returns its exit code (the contract says 0, after Cease to every peer).</summary>
    public Task<int> StopAsync() =>
        (Process ?? throw new LabException($"evpnd in {Namespace} was never started")).StopAsync(s_stopTimeout);

    /// <summary>Writes the YAML as the node now describes it and runs `evpnd reload`; the result says whether it was applied.</summary>
    public async Task<CommandResult> ReloadAsync()
    {
        Process?.ThrowIfExited();
        await File.WriteAllTextAsync(ConfigPath, RenderConfig());
        return await CliAsync("reload");
    }

    /// <summary>Runs `dotnet evpnd.dll ARGS --socket PATH` (in the root namespace: the socket is a file).</summary>
    public Task<CommandResult> CliAsync(params string[] args) =>
        ProcessRunner.RunAsync([.. DotnetHost.EvpndCommand, .. args, "--socket", ControlSocket]);

    public async Task<IReadOnlyList<EvpndNeighbor>> ShowNeighborsAsync()
    {
        Process?.ThrowIfExited();
        CommandResult result = (await CliAsync("show", "neighbors", "--json")).EnsureSuccess();
        return Json.Parse<EvpndNeighborList>(result.Stdout, "evpnd show neighbors --json").Neighbors;
    }

    public async Task<EvpndNeighbor> ShowNeighborAsync(string address)
    {
        Process?.ThrowIfExited();
        CommandResult result = (await CliAsync("show", "neighbor", address, "--json")).EnsureSuccess();
        return Json.Parse<EvpndNeighbor>(result.Stdout, $"evpnd show neighbor {address} --json");
    }

    /// <summary>The neighbor with this address from `show neighbors` (matched as an IP address).</summary>
    public async Task<EvpndNeighbor> GetNeighborAsync(string address)
    {
        IPAddress wanted = IPAddress.Parse(address);
        IReadOnlyList<EvpndNeighbor> neighbors = await ShowNeighborsAsync();
        return neighbors.FirstOrDefault(n => IPAddress.TryParse(n.Address, out IPAddress? a) && a.Equals(wanted))
            ?? throw new LabException(
                $"evpnd in {Namespace} does not list neighbor {address} (lists: {string.Join(", ", neighbors.Select(n => n.Address))})");
    }

    public Task<EvpndNeighbor> WaitForNeighborAsync(
        string address, Func<EvpndNeighbor, bool> condition, string description, TimeSpan? timeout = null) =>
        Poll.UntilAsync(
            () => GetNeighborAsync(address),
            condition,
            $"evpnd in {Namespace}: neighbor {address} {description}",
            timeout,
            n => n.ToString());

    public Task<EvpndNeighbor> WaitForNeighborStateAsync(string address, string state, TimeSpan? timeout = null) =>
        WaitForNeighborAsync(address, n => n.State == state, $"in state {state}", timeout);

    public async Task WriteDiagnosticsAsync(TextWriter writer)
    {
        await writer.WriteLineAsync($"--- {Name}: config {ConfigPath} ---");
        if (File.Exists(ConfigPath))
        {
            await writer.WriteLineAsync(await File.ReadAllTextAsync(ConfigPath));
        }

        if (Process is null or { HasExited: true })
        {
            await writer.WriteLineAsync($"--- {Name}: not running (exit code {Process?.ExitCode})");
            return;
        }

        CommandResult result = await CliAsync("show", "neighbors", "--json");
        await writer.WriteLineAsync($"--- {Name}: show neighbors --json (exit {result.ExitCode}) ---");
        await writer.WriteLineAsync(result.Stdout + result.Stderr);
    }

    public string RenderConfig()
    {
        StringBuilder text = new();
        text.AppendLine(CultureInfo.InvariantCulture, $"router-id: {RouterId}");
        text.AppendLine(CultureInfo.InvariantCulture, $"asn: {Asn}");
        text.AppendLine(ListenAddress is null
            ? "listen: false"
            : string.Create(CultureInfo.InvariantCulture, $"listen: {{ address: \"{ListenAddress}\", port: {ListenPort} }}"));
        text.AppendLine(CultureInfo.InvariantCulture, $"control-socket: {ControlSocket}");
        text.AppendLine(CultureInfo.InvariantCulture, $"log-level: {LogLevel}");
        text.AppendLine(Neighbors.Count == 0 ? "neighbors: []" : "neighbors:");
        foreach (EvpndNeighborConfig n in Neighbors)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  - address: \"{n.Address}\"");
            text.AppendLine(CultureInfo.InvariantCulture, $"    remote-as: {n.RemoteAs}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    passive: {(n.Passive ? "true" : "false")}");
            AppendOptional(text, "hold-time", n.HoldTime);
            AppendOptional(text, "keepalive", n.Keepalive);
            AppendOptional(text, "connect-retry", n.ConnectRetry);
            if (n.LocalAddress is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    local-address: \"{n.LocalAddress}\"");
            }
            foreach (string line in n.ExtraLines)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {line}");
            }
        }

        if (ExtraYaml is not null)
        {
            text.AppendLine(ExtraYaml);
        }

        return text.ToString();
    }


    private static void AppendOptional(StringBuilder text, string key, int? value)
    {
        if (value is int v)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    {key}: {v}");
        }
    }
}
