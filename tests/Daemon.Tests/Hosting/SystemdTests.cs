using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Evpnd.Daemon.Tests.Hosting;

/// <summary>
/// evpnd under systemd, as systemd meets it: the sd_notify datagram protocol on a socket this
/// test owns (NOTIFY_SOCKET), the watchdog (WATCHDOG_USEC), journal-style logs, and the log level
/// switched at run time.
/// </summary>
public sealed class SystemdTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("evpnd-sd-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task ReadyOnceListeningThenWatchdogPings()
    {
        var notify = Path.Combine(_dir, "notify.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(notify));
        var port = FreePort();
        using var daemon = EvpndProcess.StartWith(
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify, ["WATCHDOG_USEC"] = "1000000" },
            "run", "--config", WriteConfig(port, "info"));

        var messages = new List<string>();
        // A deadline, not a timing check: on a loaded machine start-up alone can take tens of seconds.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var buffer = new byte[4096];
        bool listeningAtReady = false, socketAtReady = false;
        // systemd counts the watchdog from the end of start-up (systemd.service(5)): a ping after READY=1 is the one that matters.
        while (!(messages.Contains("READY=1") && messages.LastIndexOf("WATCHDOG=1") > messages.IndexOf("READY=1")))
        {
            int n;
            try
            {
                n = await listener.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no READY=1 and WATCHDOG=1 within 120 s; got [{string.Join(", ", messages)}]; stderr:\n{daemon.Stderr}");
                return;
            }
            foreach (var line in Encoding.UTF8.GetString(buffer, 0, n).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line == "READY=1")
                {
                    // What READY=1 promises: the BGP port accepts and the control socket answers.
                    using var bgp = new TcpClient();
                    await bgp.ConnectAsync(IPAddress.Loopback, port);
                    listeningAtReady = bgp.Connected;
                    socketAtReady = (await EvpndProcess.RunAsync("show", "neighbors", "--socket", Path.Combine(_dir, "evpnd.sock"))).ExitCode == 0;
                }
                messages.Add(line);
            }
        }

        Assert.That(listeningAtReady, Is.True, "the BGP listener was bound when READY=1 came");
        Assert.That(socketAtReady, Is.True, "the control socket answered when READY=1 came");

        daemon.Terminate();
        Assert.That(await daemon.WaitForExitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(0), daemon.Stderr);
        var rest = new byte[4096];
        var stopping = false;
        while (listener.Available > 0 && !stopping)
        {
            var n = listener.Receive(rest);
            stopping = Encoding.UTF8.GetString(rest, 0, n).Split('\n').Contains("STOPPING=1");
        }
        Assert.That(stopping, Is.True, "STOPPING=1 on SIGTERM");
    }

    [Test]
    public async Task JournalLogsCarryPrioritiesAndNoTimestamps()
    {
        using var daemon = EvpndProcess.Start("run", "--config", WriteConfig(FreePort(), "info"), "--log-format", "journal");
        await daemon.WaitForNeighborsAsync(Path.Combine(_dir, "evpnd.sock"));
        daemon.Terminate();
        Assert.That(await daemon.WaitForExitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(0), daemon.Stderr);

        var lines = daemon.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Some.Match(@"^<6>Evpnd\.Daemon\.Hosting\.BgpService\[0\] evpnd started: "), daemon.Stderr);
        Assert.That(lines, Has.All.Match(@"^<[0-7]>"), "a syslog priority on every line");
        Assert.That(daemon.Stderr, Does.Not.Match(@"\d{4}-\d\d-\d\dT\d\d:\d\d"), "the journal keeps the time");
    }

    [Test]
    public async Task TheLogLevelChangesWhileTheDaemonRuns()
    {
        using var daemon = EvpndProcess.Start("run", "--config", WriteConfig(FreePort(), "error"));
        var socket = Path.Combine(_dir, "evpnd.sock");
        await daemon.WaitForNeighborsAsync(socket);
        Assert.That(daemon.Stderr, Does.Not.Contain("evpnd started"), "log-level: error hides information");

        var (code, stdout, stderr) = await EvpndProcess.RunAsync("log-level", "info", "--socket", socket);
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Is.EqualTo("log level info (was error)\n"));

        daemon.Terminate();
        Assert.That(await daemon.WaitForExitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(0), daemon.Stderr);
        Assert.That(daemon.Stderr, Does.Contain("shutting down: closing sessions for a graceful restart"), "information is logged after the change");
    }

    private string WriteConfig(int port, string logLevel)
    {
        var path = Path.Combine(_dir, "evpnd.yaml");
        File.WriteAllText(path, $"""
            router-id: 10.255.0.2
            asn: 65002
            listen: {"{"} address: 127.0.0.1, port: {port} {"}"}
            control-socket: {Path.Combine(_dir, "evpnd.sock")}
            state-dir: {Path.Combine(_dir, "state")}
            log-level: {logLevel}
            neighbors:
              - address: 127.0.0.2
                remote-as: 65001
                passive: true
            evpn:
              advertise-all-vni: false
            """);
        return path;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
