using System.Net;
using System.Net.Sockets;

namespace Evpnd.Daemon.Tests.Hosting;

/// <summary>`evpnd run` as an operator meets it: exit codes and the one line it prints.</summary>
public sealed class RunCommandTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("evpnd-run-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static IEnumerable<TestCaseData> BadConfigs()
    {
        yield return new TestCaseData("""
            router-id: 10.255.0.2
            asn: 65002
            neighbors:
              - address: 10.0.0.1
                remote-as: 65001
                hold-tim: 9
            """, 6, 5, "unknown key 'hold-tim'").SetName("misspelt key");
        yield return new TestCaseData("""
            router-id: 10.255.0.2
            asn: 65002
            neighbors:
              - address: 10.0.0.300
                remote-as: 65001
            """, 4, 14, "'10.0.0.300' is not an IP address").SetName("bad IP address");
        yield return new TestCaseData("""
            router-id: 10.255.0.2
            asn: 65002
            neighbors:
              - address: 10.0.0.1
                remote-as: 65001
              - address: 10.0.0.1
                remote-as: 65003
            """, 6, 14, "duplicate neighbor 10.0.0.1 (first defined at line 4)").SetName("duplicate neighbor");
    }

    [TestCaseSource(nameof(BadConfigs))]
    public async Task BadConfigExitsWithOneLineNamingFileLineColumn(string yaml, int line, int column, string what)
    {
        var path = Path.Combine(_dir, "evpnd.yaml");
        File.WriteAllText(path, yaml);

        var (code, stdout, stderr) = await EvpndProcess.RunAsync("run", "--config", path);

        Assert.That(code, Is.EqualTo(2));
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.StartWith($"{path}:{line}:{column}: {what}"));
        Assert.That(stdout, Is.Empty);
    }

    [Test]
    public async Task MissingConfigFileIsOneSentence()
    {
        var path = Path.Combine(_dir, "nope.yaml");

        var (code, _, stderr) = await EvpndProcess.RunAsync("run", "--config", path);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.Trim(), Is.EqualTo($"cannot read configuration file {path}: No such file or directory"));
    }

    [Test]
    public async Task BusyPortIsOneSentenceAndExitOne()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var path = WriteConfig(port);

        var (code, _, stderr) = await EvpndProcess.RunAsync("run", "--config", path);

        Assert.That(code, Is.EqualTo(1));
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("evpnd:", StringComparison.Ordinal)).ToArray();
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.StartWith($"evpnd: cannot listen on 127.0.0.1:{port}: "));
        Assert.That(stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task SigtermStopsTheDaemonWithExitZero()
    {
        var port = FreePort();
        var path = WriteConfig(port);
        using var daemon = EvpndProcess.Start("run", "--config", path);
        var socket = Path.Combine(_dir, "evpnd.sock");

        var neighbors = await daemon.WaitForNeighborsAsync(socket);
        Assert.That(neighbors[0].GetProperty("address").GetString(), Is.EqualTo("127.0.0.2"));

        daemon.Terminate();

        Assert.That(await daemon.WaitForExitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(0), daemon.Stderr);
        // Graceful Restart is on by default: the sessions close without a Cease, so that peers keep our routes.
        Assert.That(daemon.Stderr, Does.Contain("shutting down: closing sessions for a graceful restart"));
        Assert.That(File.Exists(socket), Is.False, "control socket removed at exit");
    }

    private string WriteConfig(int port)
    {
        var path = Path.Combine(_dir, "evpnd.yaml");
        File.WriteAllText(path, $$"""
            router-id: 10.255.0.2
            asn: 65002
            listen: { address: 127.0.0.1, port: {{port}} }
            control-socket: {{Path.Combine(_dir, "evpnd.sock")}}
            neighbors:
              - address: 127.0.0.2
                remote-as: 65001
                passive: true
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
