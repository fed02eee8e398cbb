using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Evpnd.Daemon.Tests.Hosting;

/// <summary>
/// `evpnd reload` and SIGHUP against the real daemon: the new file's neighbors are served, a file
/// with an error, or one that changes a restart-only setting, is refused with its position and
/// changes nothing. (Sessions with real peers: interop-tests/Operations/ReloadTests.cs.)
/// </summary>
public sealed class ReloadTests
{
    private string _dir = "";
    private string _path = "";
    private string _socket = "";
    private int _port;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("evpnd-reload-").FullName;
        _path = Path.Combine(_dir, "evpnd.yaml");
        _socket = Path.Combine(_dir, "evpnd.sock");
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        _port = ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task ReloadAppliesTheNewNeighbors_ABrokenFileChangesNothing()
    {
        WriteConfig(65002, "127.0.0.2", "127.0.0.3");
        using var daemon = EvpndProcess.Start("run", "--config", _path);
        Assert.That(Addresses(await daemon.WaitForNeighborsAsync(_socket)), Is.EqualTo(new[] { "127.0.0.2", "127.0.0.3" }));

        WriteConfig(65002, "127.0.0.3", "127.0.0.4");
        var (code, stdout, stderr) = await EvpndProcess.RunAsync("reload", "--socket", _socket);

        Assert.That(code, Is.Zero, stderr);
        Assert.That(stdout, Is.EqualTo("reloaded: neighbors: added 127.0.0.4, removed 127.0.0.2, 1 unchanged; VNIs: unchanged\n"));
        Assert.That(Addresses(await daemon.WaitForNeighborsAsync(_socket)), Is.EqualTo(new[] { "127.0.0.3", "127.0.0.4" }));

        // Line 10, column 14: the address of the second neighbor.
        WriteConfig(65002, "127.0.0.3", "10.0.0.300");
        (code, stdout, stderr) = await EvpndProcess.RunAsync("reload", "--socket", _socket);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.StartWith($"evpnd: {_path} not applied; evpnd keeps running as before:\n{_path}:10:14: '10.0.0.300' is not an IP address"));
        Assert.That(Addresses(await daemon.WaitForNeighborsAsync(_socket)), Is.EqualTo(new[] { "127.0.0.3", "127.0.0.4" }), "nothing changed");
    }

    [Test]
    public async Task ARestartOnlySettingIsRefusedAtItsLine()
    {
        WriteConfig(65002, "127.0.0.2");
        using var daemon = EvpndProcess.Start("run", "--config", _path);
        await daemon.WaitForNeighborsAsync(_socket);

        WriteConfig(65009, "127.0.0.2", "127.0.0.3");
        var (code, _, stderr) = await EvpndProcess.RunAsync("reload", "--json", "--socket", _socket);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain($"{_path}:2:6: asn cannot change while evpnd runs (it runs with 65002); restart evpnd to apply it"));
        Assert.That(Addresses(await daemon.WaitForNeighborsAsync(_socket)), Is.EqualTo(new[] { "127.0.0.2" }), "the new neighbor was not added either");
    }

    [Test]
    public async Task RestartOnlyEvpnSettingsAndLimits_AreRefusedInTheFilesOwnWords()
    {
        WriteConfig(65002, ["127.0.0.2"], "evpn:\n  rt-auto-form: frr\n  flooding: head-end-replication\nlimits:\n  remote-macs: 10\n");
        using var daemon = EvpndProcess.Start("run", "--config", _path);
        await daemon.WaitForNeighborsAsync(_socket);

        WriteConfig(65002, ["127.0.0.2", "127.0.0.3"], "evpn:\n  rt-auto-form: rfc8365\n  flooding: disabled\nlimits:\n  remote-macs: 20\n");
        var (code, _, stderr) = await EvpndProcess.RunAsync("reload", "--socket", _socket);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr, Does.Contain("rt-auto-form cannot change while evpnd runs (it runs with frr)"));
            Assert.That(stderr, Does.Contain("flooding cannot change while evpnd runs (it runs with head-end-replication)"));
            Assert.That(stderr, Does.Contain("remote-macs cannot change while evpnd runs (it runs with 10)"));
        });
        Assert.That(Addresses(await daemon.WaitForNeighborsAsync(_socket)), Is.EqualTo(new[] { "127.0.0.2" }), "nothing was applied");
    }

    [Test]
    public async Task ADadChangeIsRefusedShowingEveryDadSettingInTheFilesWords()
    {
        // Fails when only max-moves and window are shown: a freeze change read "it runs with
        // max-moves 5, window 180", which names neither the key nor the value that changed.
        WriteConfig(65002, ["127.0.0.2"], "evpn:\n  dad:\n    freeze: false\n");
        using var daemon = EvpndProcess.Start("run", "--config", _path);
        await daemon.WaitForNeighborsAsync(_socket);

        WriteConfig(65002, ["127.0.0.2"], "evpn:\n  dad:\n    freeze: true\n    freeze-time: 60\n");
        var (code, _, stderr) = await EvpndProcess.RunAsync("reload", "--socket", _socket);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("dad cannot change while evpnd runs (it runs with enabled: true, max-moves: 5, window: 180, freeze: false, freeze-time: 0); restart evpnd to apply it"));
    }

    [Test]
    public async Task AnAddressSettingIsRefusedInTheFilesWords()
    {
        // Fails when the endpoint is printed as .NET writes it (127.0.0.1:PORT), a form the file never has.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var metricsPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        WriteConfig(65002, ["127.0.0.2"], $"metrics: {{ address: 127.0.0.1, port: {metricsPort} }}\n");
        using var daemon = EvpndProcess.Start("run", "--config", _path);
        await daemon.WaitForNeighborsAsync(_socket);

        WriteConfig(65002, ["127.0.0.2"], "");
        var (code, _, stderr) = await EvpndProcess.RunAsync("reload", "--socket", _socket);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain($"metrics cannot change while evpnd runs (it runs with {{ address: 127.0.0.1, port: {metricsPort} }}); restart evpnd to apply it"));
    }

    [Test]
    public async Task SighupDuringStartUp_DoesNotEndTheDaemon_AndIsAppliedOnceItIsUp()
    {
        WriteConfig(65002, "127.0.0.2");
        using var daemon = EvpndProcess.Start("run", "--config", _path);
        // SIGHUP must be caught (/proc/PID/status SigCgt) while evpnd is still starting — before
        // its control socket exists — and one sent then must not end it (the default action).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Catches(daemon.Pid, signal: 1) && !daemon.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }

        Assert.That(File.Exists(_socket), Is.False, "SIGHUP was caught only once evpnd was up: one during its start-up ends it");

        WriteConfig(65002, "127.0.0.2", "127.0.0.6");
        daemon.Hangup();

        while (!File.Exists(_socket) && !daemon.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(daemon.HasExited, Is.False, $"evpnd ended on a SIGHUP during start-up:\n{daemon.Stderr}");
        string[] addresses = [];
        while (!daemon.HasExited && (addresses = Addresses(await daemon.WaitForNeighborsAsync(_socket))).Length < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.That(daemon.HasExited, Is.False, $"evpnd ended on a SIGHUP during start-up:\n{daemon.Stderr}");
        Assert.That(addresses, Is.EqualTo(new[] { "127.0.0.2", "127.0.0.6" }), "the early reload was applied once evpnd was up");
    }

    [Test]
    public async Task SighupReloads_TheDaemonKeepsRunning()
    {
        WriteConfig(65002, "127.0.0.2");
        using var daemon = EvpndProcess.Start("run", "--config", _path);
        await daemon.WaitForNeighborsAsync(_socket);

        WriteConfig(65002, "127.0.0.2", "127.0.0.5");
        daemon.Hangup();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string[] addresses;
        while ((addresses = Addresses(await daemon.WaitForNeighborsAsync(_socket))).Length < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.That(addresses, Is.EqualTo(new[] { "127.0.0.2", "127.0.0.5" }));
        Assert.That(daemon.HasExited, Is.False);
        // The console logger writes from its own thread: the line may follow the change.
        while (!daemon.Stderr.Contains("(SIGHUP): neighbors: added 127.0.0.5, 1 unchanged", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.That(daemon.Stderr, Does.Contain("(SIGHUP): neighbors: added 127.0.0.5, 1 unchanged"));
    }

    private static bool Catches(int pid, int signal)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigCgt:", StringComparison.Ordinal));
            return line is not null && (Convert.ToUInt64(line["SigCgt:".Length..].Trim(), 16) & (1UL << (signal - 1))) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string[] Addresses(JsonElement neighbors) =>
        [.. neighbors.EnumerateArray().Select(n => n.GetProperty("address").GetString()!)];

    private void WriteConfig(uint asn, params string[] neighbors) => WriteConfig(asn, neighbors, "");

    private void WriteConfig(uint asn, string[] neighbors, string extra)
    {
        var text = $"""
            router-id: 10.255.0.2
            asn: {asn}
            listen: {"{"} address: 127.0.0.1, port: {_port} {"}"}
            control-socket: {_socket}
            state-dir: {_dir}
            neighbors:

            """;
        foreach (var address in neighbors)
        {
            text += $"  - address: {address}\n    remote-as: 65001\n    passive: true\n";
        }
        // As an editor or a configuration tool saves it: whole, by a rename. A rewrite in place
        // could be read half-written by the daemon's start-up, which a SIGHUP test races.
        var temporary = _path + ".new";
        File.WriteAllText(temporary, text + extra);
        File.Move(temporary, _path, overwrite: true);
    }
}
