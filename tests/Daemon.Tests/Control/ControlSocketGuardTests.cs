using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Evpnd.Daemon.Config;
using Evpnd.Daemon.Control;
using Evpnd.Daemon.Tests.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evpnd.Daemon.Tests.Control;

/// <summary>
/// The guarded control socket, met by real users: throw-away system users and groups are made
/// for the run, the real evpnd serves the socket, and the real CLI is run as each user.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlSocketGuardTests
{
    private static readonly string s_tag = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string s_adminGroup = $"evga{s_tag}";
    private static readonly string s_viewerGroup = $"evgv{s_tag}";
    private static readonly string s_outsider = $"evuo{s_tag}";
    private static readonly string s_viewer = $"evuv{s_tag}";
    private static readonly string s_admin = $"evua{s_tag}";

    private string _dir = "";
    private string _socket = "";
    private EvpndProcess? _daemon;

    [OneTimeSetUp]
    public async Task MakeUsersAndStartTheDaemon()
    {
        Assert.That(Environment.UserName, Is.EqualTo("root"), "these tests add users and groups: run them as root");
        Tool("groupadd", "--system", s_adminGroup);
        Tool("groupadd", "--system", s_viewerGroup);
        Tool("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", s_outsider);
        Tool("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", "--groups", s_viewerGroup, s_viewer);
        Tool("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", "--groups", s_adminGroup, s_admin);

        _dir = Directory.CreateTempSubdirectory("evpnd-guard-").FullName;
        File.SetUnixFileMode(_dir, (UnixFileMode)0x1ED); // 0755: the users reach the socket inside
        _socket = Path.Combine(_dir, "evpnd.sock");
        var config = Path.Combine(_dir, "evpnd.yaml");
        File.WriteAllText(config, $"""
            router-id: 10.255.0.2
            asn: 65002
            listen: false
            control-socket: {_socket}
            control-socket-group: {s_adminGroup}
            control-socket-readonly-group: {s_viewerGroup}
            state-dir: {_dir}/state
            evpn:
              advertise-all-vni: false
              vnis:
                - vni: 100
                  local-vtep: 10.255.0.2
            """);
        _daemon = EvpndProcess.Start("run", "--config", config);
        await _daemon.WaitForNeighborsAsync(_socket);
    }

    [OneTimeTearDown]
    public void StopAndRemoveEverything()
    {
        _daemon?.Dispose();
        foreach (var user in (string[])[s_outsider, s_viewer, s_admin])
        {
            Run("userdel", user);
        }
        foreach (var group in (string[])[s_adminGroup, s_viewerGroup])
        {
            Run("groupdel", group);
        }
        if (_dir.Length > 0)
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Test]
    public async Task AUserOutsideTheGroupsIsRefusedInOneSentence()
    {
        var (code, stdout, stderr) = await EvpndProcess.RunAsUserAsync(s_outsider, "show", "neighbors", "--socket", _socket);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Is.EqualTo(
            $"evpnd: permission denied: user {s_outsider} is not in group {s_adminGroup} (control-socket-group) or group {s_viewerGroup} (control-socket-readonly-group); " +
            "ask an administrator to add you, or run as root\n"));
    }

    [Test]
    public async Task TheReadOnlyGroupMayShowButNotAddAMac()
    {
        var show = await EvpndProcess.RunAsUserAsync(s_viewer, "show", "evpn", "vni", "--json", "--socket", _socket);
        var add = await EvpndProcess.RunAsUserAsync(s_viewer, "evpn", "mac", "add", "--vni", "100", "02:00:00:00:00:07", "--socket", _socket);

        Assert.That(show.ExitCode, Is.EqualTo(0), show.Stderr);
        Assert.That(show.Stdout, Does.Contain("\"vni\": 100"));
        Assert.That(add.ExitCode, Is.EqualTo(1));
        Assert.That(add.Stderr, Is.EqualTo(
            $"evpnd: permission denied: user {s_viewer} may only run show commands (group {s_viewerGroup}, control-socket-readonly-group), not 'evpn mac add'; " +
            $"ask an administrator to add you to group {s_adminGroup} (control-socket-group), or run as root\n"));
        var macs = await EvpndProcess.RunAsync("show", "evpn", "macs", "--json", "--socket", _socket);
        Assert.That(macs.Stdout, Does.Not.Contain("02:00:00:00:00:07"), "nothing was added");
    }

    [Test]
    public async Task TheControlGroupMayAddAMac()
    {
        var add = await EvpndProcess.RunAsUserAsync(s_admin, "evpn", "mac", "add", "--vni", "100", "02:00:00:00:00:08", "--socket", _socket);

        Assert.That(add.ExitCode, Is.EqualTo(0), add.Stderr);
        Assert.That(add.Stdout, Does.Contain("02:00:00:00:00:08"));
    }

    [Test]
    public void TheSocketIsOpenToTheReadOnlyGroupOnlyThroughItsCredentialCheck()
    {
        // 0666: a second group cannot own the file, so SO_PEERCRED is the guard (see ControlAccess).
        Assert.That(File.GetUnixFileMode(_socket), Is.EqualTo((UnixFileMode)0x1B6));
    }

    [Test]
    public async Task ASilentClientIsDroppedWithOneSentence()
    {
        using var client = await ConnectAsync(_socket);

        var answer = await ReadToEndAsync(client, TimeSpan.FromSeconds(20));

        Assert.That(answer, Does.Contain("\"error\":\"no request within 5 s; the connection is closed\""));
    }

    [Test]
    public async Task ATooLargeRequestIsRefused()
    {
        using var client = await ConnectAsync(_socket);

        await client.SendAsync(Encoding.ASCII.GetBytes(new string('x', 70 * 1024)));
        var answer = await ReadToEndAsync(client, TimeSpan.FromSeconds(20));

        Assert.That(answer, Does.Contain("\"error\":\"request refused: longer than 65536 bytes\""));
    }

    [Test]
    public async Task OneClientMoreThanTheCapIsToldTheDaemonIsBusy()
    {
        var silent = new List<Socket>();
        try
        {
            for (var i = 0; i < 16; i++)
            {
                silent.Add(await ConnectAsync(_socket));
            }
            var (code, _, stderr) = await EvpndProcess.RunAsync("show", "neighbors", "--socket", _socket);

            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr, Is.EqualTo("evpnd: busy: 16 clients are using the control socket already; try again in a moment\n"));
        }
        finally
        {
            silent.ForEach(s => s.Dispose());
        }
        await _daemon!.WaitForNeighborsAsync(_socket); // the slots are free again
    }

    /// <summary>Without a read-only group the socket is 0660 and the kernel refuses an outsider; the CLI still says why in one sentence.</summary>
    [Test]
    public async Task TheKernelsRefusalIsTheSameSentence()
    {
        var path = Path.Combine(_dir, "group-only.sock");
        var gid = UnixAccounts.GroupId(s_adminGroup)!.Value;
        await using var server = new ControlServer(path, [], NullLogger<ControlServer>.Instance,
            new ControlAccess(new UnixGroup(s_adminGroup, gid), null, 0));
        await server.StartAsync(CancellationToken.None);
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo((UnixFileMode)0x1B0), "0660");

        var (code, _, stderr) = await EvpndProcess.RunAsUserAsync(s_outsider, "show", "neighbors", "--socket", path);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Is.EqualTo(
            $"evpnd: permission denied: user {s_outsider} is not in group {s_adminGroup} (control-socket-group); ask an administrator to add you, or run as root\n"));
        await server.StopAsync(CancellationToken.None);
    }

    [Test]
    public void AnUnknownGroupIsAConfigurationErrorAtItsPosition()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            router-id: 10.255.0.2
            asn: 65002
            control-socket-group: no-such-group-here
            """, "evpnd.yaml"));

        Assert.That(e!.Message, Is.EqualTo("evpnd.yaml:3:23: unknown group 'no-such-group-here' (control-socket-group); create it (groupadd no-such-group-here) or name an existing group"));
    }

    private static async Task<Socket> ConnectAsync(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    private static async Task<string> ReadToEndAsync(Socket socket, TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, cts.Token)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The daemon closed without reading all we sent: what it said before is what counts.
        }
        return text.ToString();
    }

    private static void Tool(string name, params string[] args)
    {
        var (code, output) = Run(name, args);
        Assert.That(code, Is.EqualTo(0), $"{name} {string.Join(' ', args)}: {output}");
    }

    private static (int Code, string Output) Run(string name, params string[] args)
    {
        var info = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(info.ArgumentList.Add);
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
