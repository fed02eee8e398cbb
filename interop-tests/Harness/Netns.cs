using System.Globalization;
using System.Net;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>A network namespace the lab created; commands run inside it with `ip netns exec`.</summary>
public sealed class Netns
{
    private readonly HashSet<string> _interfaceNames = new(StringComparer.Ordinal);

    internal Netns(Lab lab, string name, string shortName)
    {
        Lab = lab;
        Name = name;
        ShortName = shortName;
    }

    public Lab Lab { get; }

    /// <summary>The kernel's name for the namespace, e.g. "evi1234-2-frr".</summary>
    public string Name { get; }

    /// <summary>The name the test gave it, e.g. "frr".</summary>
    public string ShortName { get; }

    public override string ToString() => Name;

    /// <summary>Runs argv inside the namespace.</summary>
    public Task<CommandResult> ExecAsync(params string[] argv) => ExecAsync(ProcessRunner.DefaultTimeout, argv);

    public Task<CommandResult> ExecAsync(TimeSpan timeout, params string[] argv) =>
        ProcessRunner.RunAsync(ExecArgv(argv), timeout);

    /// <summary>`ip -n NS ARGS`, failing when ip does.</summary>
    public async Task IpAsync(params string[] args)
    {
        (await ProcessRunner.RunAsync(["ip", "-n", Name, .. args])).EnsureSuccess();
    }

    /// <summary>Adds an address; IPv6 ones skip duplicate address detection so they are usable at once.</summary>
    public Task AddAddressAsync(string device, string cidr) =>
        cidr.Contains(':', StringComparison.Ordinal)
            ? IpAsync("-6", "addr", "add", cidr, "dev", device, "nodad")
            : IpAsync("addr", "add", cidr, "dev", device);

    public Task AddRouteAsync(string prefix, string via) =>
        prefix.Contains(':', StringComparison.Ordinal)
            ? IpAsync("-6", "route", "add", prefix, "via", via)
            : IpAsync("route", "add", prefix, "via", via);

    public async Task SetSysctlAsync(string key, string value)
    {
        (await ExecAsync("sysctl", "-qw", $"{key}={value}")).EnsureSuccess();
    }

    /// <summary>Established TCP connections from or to the given port (e.g. 179) in this namespace.</summary>
    public async Task<IReadOnlyList<TcpConnection>> GetTcpConnectionsAsync(int port)
    {
        CommandResult result = (await ExecAsync(
            "ss", "-Htn", "state", "established", $"( sport = :{port} or dport = :{port} )")).EnsureSuccess();
        List<TcpConnection> connections = [];
        foreach (string line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "Recv-Q Send-Q Local:Port Peer:Port" (the state column is left out by the filter).
            string[] columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length >= 4
                && TryParseEndPoint(columns[^2], out IPEndPoint? local)
                && TryParseEndPoint(columns[^1], out IPEndPoint? remote))
            {
                connections.Add(new TcpConnection(local, remote));
            }
        }

        return connections;
    }

    /// <summary>Adds a Linux bridge and sets it up.</summary>
    public async Task AddBridgeAsync(string name, bool vlanAware = false)
    {
        // Ask for VLAN filtering only when wanted: a kernel built without it refuses even "vlan_filtering 0".
        if (vlanAware)
        {
            await IpAsync("link", "add", name, "type", "bridge", "vlan_filtering", "1");
        }
        else
        {
            await IpAsync("link", "add", name, "type", "bridge");
        }

        await IpAsync("link", "set", name, "up");
    }

    /// <summary>
    /// Adds a VXLAN device as FRR's zebra expects one for EVPN (no learning: the control plane
    /// fills the FDB), optionally enslaved to a bridge, and sets it up.
    /// </summary>
    public async Task AddVxlanAsync(string name, int vni, string localVtep, string? bridge = null, int dstPort = 4789)
    {
        await IpAsync(
            "link", "add", name, "type", "vxlan", "id", vni.ToString(CultureInfo.InvariantCulture),
            "local", localVtep, "dstport", dstPort.ToString(CultureInfo.InvariantCulture), "nolearning");
        if (bridge is not null)
        {
            await IpAsync("link", "set", name, "master", bridge);
            (await ExecAsync("bridge", "link", "set", "dev", name, "learning", "off")).EnsureSuccess();
        }

        await IpAsync("link", "set", name, "up");
    }

    /// <summary>`bridge -j fdb show [dev DEVICE]`.</summary>
    public async Task<IReadOnlyList<FdbEntry>> GetFdbAsync(string? device = null)
    {
        string[] argv = device is null ? ["bridge", "-j", "fdb", "show"] : ["bridge", "-j", "fdb", "show", "dev", device];
        CommandResult result = (await ExecAsync(argv)).EnsureSuccess();
        return string.IsNullOrWhiteSpace(result.Stdout) ? [] : Json.Parse<FdbEntry[]>(result.Stdout, $"bridge fdb show in {Name}");
    }

    /// <summary>One ICMP echo (IPv4 or IPv6) with a one-second wait; true when answered.</summary>
    public async Task<bool> PingAsync(string address)
    {
        CommandResult result = await ExecAsync("ping", "-c", "1", "-W", "1", address);
        return result.Succeeded;
    }

    /// <summary>
    /// Starts tshark on an interface of this namespace writing BGP packets (TCP port 179 unless
    /// another capture filter is given) to a pcapng file in the lab directory. For debugging and
    /// for recording codec test vectors; no test depends on it. Stop it with StopAsync before reading.
    /// </summary>
    public (DaemonProcess Capture, string File) StartCapture(string device, string filter = "tcp port 179")
    {
        string file = Path.Combine(Lab.Directory, $"{ShortName}-{device}.pcapng");
        DaemonProcess capture = Lab.StartDaemon(this, $"{ShortName}-tshark", ["tshark", "-q", "-i", device, "-f", filter, "-w", file]);
        return (capture, file);
    }

    internal IReadOnlyList<string> ExecArgv(IReadOnlyList<string> argv) => ["ip", "netns", "exec", Name, .. argv];

    /// <summary>A free interface name in this namespace: at most 15 characters (IFNAMSIZ - 1).</summary>
    internal string ReserveInterfaceName(string wanted)
    {
        string name = wanted.Length > 15 ? wanted[..15] : wanted;
        for (int i = 1; !_interfaceNames.Add(name); i++)
        {
            string suffix = i.ToString(CultureInfo.InvariantCulture);
            name = (wanted.Length + suffix.Length > 15 ? wanted[..(15 - suffix.Length)] : wanted) + suffix;
        }

        return name;
    }

    private static bool TryParseEndPoint(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        // ss prints "[fd00::1]:179" for IPv6 and "10.0.1.1:179" for IPv4; a "%scope" may follow the address.
        int colon = text.LastIndexOf(':');
        endPoint = null;
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            return false;
        }

        string host = text[..colon].Trim('[', ']');
        int scope = host.IndexOf('%', StringComparison.Ordinal);
        if (scope >= 0)
        {
            host = host[..scope];
        }

        if (!IPAddress.TryParse(host, out IPAddress? address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }
}
