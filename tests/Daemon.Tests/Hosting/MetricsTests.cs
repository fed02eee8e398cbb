using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Evpnd.Daemon.Tests.Hosting;

/// <summary>
/// The Prometheus endpoint of a real daemon: its values follow what the daemon does (a static
/// MAC, one added over the CLI, a session that is not up). Against FRR: interop-tests/Operations/MetricsTests.cs.
/// </summary>
public sealed partial class MetricsTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("evpnd-metrics-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task TheEndpointServesSessionsMacsAndRoutes_AndFollowsAChange()
    {
        var (bgpPort, metricsPort) = (FreePort(), FreePort());
        var path = Path.Combine(_dir, "evpnd.yaml");
        var socket = Path.Combine(_dir, "evpnd.sock");
        File.WriteAllText(path, $$"""
            router-id: 10.255.0.2
            asn: 65002
            listen: { address: 127.0.0.1, port: {{bgpPort}} }
            control-socket: {{socket}}
            state-dir: {{_dir}}
            metrics: { address: 127.0.0.1, port: {{metricsPort}} }
            neighbors:
              - address: 127.0.0.2
                remote-as: 65001
                passive: true
            evpn:
              advertise-all-vni: false
              vnis:
                - vni: 100
                  local-vtep: 10.255.0.2
                  macs: ["02:00:00:00:00:01"]
            """);
        using var daemon = EvpndProcess.Start("run", "--config", path);
        await daemon.WaitForNeighborsAsync(socket);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };

        var text = await http.GetStringAsync("/metrics");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        // The EVPN worker serves the configured VNI a moment after start.
        while (Value(text, "evpnd_evpn_macs", "origin=\"local\",vni=\"100\"") != 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            text = await http.GetStringAsync("/metrics");
        }

        Assert.That(Value(text, "evpnd_bgp_sessions", "state=\"Active\""), Is.EqualTo(1), text);
        Assert.That(Value(text, "evpnd_bgp_sessions", "state=\"Established\""), Is.Zero);
        Assert.That(Value(text, "evpnd_bgp_session_up", "peer=\"127.0.0.2\""), Is.Zero);
        Assert.That(Value(text, "evpnd_bgp_messages_received_total", "peer=\"127.0.0.2\",type=\"update\""), Is.Zero);
        Assert.That(Value(text, "evpnd_evpn_macs", "origin=\"local\",vni=\"100\""), Is.EqualTo(1));
        Assert.That(Value(text, "evpnd_evpn_routes", "origin=\"local\",peer=\"\",type=\"2\",vni=\"100\""), Is.EqualTo(1));
        Assert.That(Value(text, "evpnd_evpn_routes", "origin=\"local\",peer=\"\",type=\"3\",vni=\"100\""), Is.EqualTo(1));
        Assert.That(Value(text, "evpnd_evpn_mac_moves_total", ""), Is.Zero);
        // The example dashboard asks for nothing the daemon does not serve (netlink errors appear with
        // the first refusal, the install latency with the first remote MAC, kernel entries with the
        // first VNI device: the interop metrics test sees those two).
        var dashboard = File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", "grafana", "evpnd-dashboard.json"));
        var served = MetricName().Matches(text).Select(m => m.Value).ToHashSet();
        string[] later = ["evpnd_kernel_netlink_errors_total", "evpnd_kernel_install_latency_seconds_bucket", "evpnd_kernel_entries"];
        var asked = MetricName().Matches(dashboard).Select(m => m.Value).Where(n => !later.Contains(n)).ToHashSet();
        Assert.That(asked, Is.SubsetOf(served), "metrics the dashboard uses");

        var (code, _, stderr) = await EvpndProcess.RunAsync("evpn", "mac", "add", "--vni", "100", "02:00:00:00:00:02", "--socket", socket);
        Assert.That(code, Is.Zero, stderr);
        // The exporter caches a response for a moment, and the daemon's EVPN counts for a second.
        while (Value(text = await http.GetStringAsync("/metrics"), "evpnd_evpn_macs", "origin=\"local\",vni=\"100\"") != 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.That(Value(text, "evpnd_evpn_macs", "origin=\"local\",vni=\"100\""), Is.EqualTo(2), text);
        Assert.That(Value(text, "evpnd_evpn_routes", "origin=\"local\",peer=\"\",type=\"2\",vni=\"100\""), Is.EqualTo(2));
    }

    [Test]
    public async Task ABusyMetricsPortIsOneSentence()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var path = Path.Combine(_dir, "evpnd.yaml");
        File.WriteAllText(path, $"""
            router-id: 10.255.0.2
            asn: 65002
            listen: false
            control-socket: {Path.Combine(_dir, "evpnd.sock")}
            state-dir: {_dir}
            metrics: {"{"} address: 127.0.0.1, port: {port} {"}"}
            """);

        var (code, _, stderr) = await EvpndProcess.RunAsync("run", "--config", path);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain($"evpnd: cannot serve metrics on 127.0.0.1:{port}: the port is in use; choose another metrics: port"));
    }

    /// <summary>The value of the sample with exactly these labels (sorted, as the exporter writes them); -1 when absent.</summary>
    private static double Value(string text, string name, string labels)
    {
        var sample = $"{name}{{{labels}}}";
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(sample.Length + 1)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return -1;
    }

    [GeneratedRegex("evpnd_[a-z_]+")]
    private static partial Regex MetricName();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Evpn.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (Evpn.sln) is not above the test binaries");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
