using System.Net;
using System.Net.Sockets;

namespace Evpnd.Daemon.Tests.Hosting;

/// <summary>evpnd started without root: what it cannot do is one sentence that says what to do.</summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrivilegeTests
{
    private const int Nobody = 65534;
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        Assert.That(Environment.UserName, Is.EqualTo("root"), "these tests drop from root to nobody: run them as root");
        _dir = Directory.CreateTempSubdirectory("evpnd-priv-").FullName;
        File.SetUnixFileMode(_dir, (UnixFileMode)0x1FF); // 0777: nobody writes its socket and state here
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task PrivilegedPortWithoutRootIsOneSentenceAndExitOne()
    {
        var path = WriteConfig(179);

        var (code, _, stderr) = await EvpndProcess.RunAsAsync(Nobody, "run", "--config", path);

        Assert.That(code, Is.EqualTo(1), stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("evpnd:", StringComparison.Ordinal)).ToArray();
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.StartWith("evpnd: cannot listen on 127.0.0.1:179: "));
        Assert.That(lines[0], Does.Contain("root").Or.Contain("CAP_NET_BIND_SERVICE"), "says what to do");
        Assert.That(stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task WithoutCapNetAdminBgpRunsAndTheLogSaysWhatToDo()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var path = WriteConfig(port);
        using var daemon = EvpndProcess.StartAs(Nobody, "run", "--config", path);
        var socket = Path.Combine(_dir, "evpnd.sock");

        await daemon.WaitForNeighborsAsync(socket);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!daemon.Stderr.Contains("lacks CAP_NET_ADMIN") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var line = daemon.Stderr.Split('\n').SingleOrDefault(l => l.Contains("lacks CAP_NET_ADMIN"));
        Assert.That(line, Does.EndWith("evpnd lacks CAP_NET_ADMIN: it speaks BGP but cannot program VXLAN forwarding entries; run it as root or grant CAP_NET_ADMIN (AmbientCapabilities=CAP_NET_ADMIN in its systemd unit)"), daemon.Stderr);
        daemon.Terminate();
        Assert.That(await daemon.WaitForExitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(0), daemon.Stderr);
    }

    private string WriteConfig(int port)
    {
        var path = Path.Combine(_dir, "evpnd.yaml");
        File.WriteAllText(path, $$"""
            router-id: 10.255.0.2
            asn: 65002
            listen: { address: 127.0.0.1, port: {{port}} }
            control-socket: {{Path.Combine(_dir, "evpnd.sock")}}
            state-dir: {{Path.Combine(_dir, "state")}}
            neighbors:
              - address: 127.0.0.2
                remote-as: 65001
                passive: true
            """);
        return path;
    }
}
