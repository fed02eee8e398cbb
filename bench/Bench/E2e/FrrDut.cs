using System.Globalization;
using System.Text;
using Evpnd.Bench.Kernel;

namespace Evpnd.Bench.E2e;

/// <summary>
/// FRR 8.4 (Debian <c>frr</c>) as the interop harness and examples/lab run it: zebra and bgpd in the
/// foreground in the DUT namespace with pathspace <c>-N NAMESPACE</c>, their own pid files, zserv
/// socket and vty directory under /var/run/frr/NAMESPACE (owned by frr), an empty
/// /etc/frr/NAMESPACE/vtysh.conf for <c>vtysh -N</c>, zebra with <c>-s 33554432</c> (a 32 MB
/// netlink buffer), <c>frr defaults datacenter</c>, the injector an iBGP neighbour activated for
/// L2VPN/EVPN with <c>advertise-all-vni</c>.
/// </summary>
internal sealed class FrrDut : IDaemonDut
{
    public const string ZebraPath = "/usr/lib/frr/zebra";
    public const string BgpdPath = "/usr/lib/frr/bgpd";

    private BenchDaemon? _zebra;
    private BenchDaemon? _bgpd;
    private string? _namespace;

    public string Name => E2eOptions.Frr;

    public IReadOnlyList<BenchDaemon> Processes => new[] { _bgpd, _zebra }.OfType<BenchDaemon>().ToList();

    public void Start(E2eLab lab, E2eCleanup cleanup, DateTime deadline)
    {
        _namespace = lab.DutNamespace;
        var run = $"/var/run/frr/{lab.DutNamespace}";
        var etc = $"/etc/frr/{lab.DutNamespace}";
        var config = Path.Combine(lab.Directory, "frr");
        foreach (var directory in new[] { run, etc })
        {
            if (Directory.Exists(directory))
            {
                throw new InvalidOperationException($"{directory} already exists: another FRR instance uses pathspace {lab.DutNamespace}");
            }

            Directory.CreateDirectory(directory);
            cleanup.AddPath(directory);
        }

        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(etc, "vtysh.conf"), "");
        File.WriteAllText(Path.Combine(config, "zebra.conf"), "frr defaults datacenter\nhostname dut\nlog stdout informational\n!\n");
        File.WriteAllText(Path.Combine(config, "bgpd.conf"), BgpdConfig());
        // zebra and bgpd drop to user frr: it must own the sockets directory and read the configurations.
        Shell.Run("chown", "-R", "frr:frr", run, etc, config, lab.Directory);

        var zserv = Path.Combine(run, "zserv.api");
        _zebra = BenchDaemon.Start("zebra", lab.DutNamespace,
        [
            ZebraPath, "-N", lab.DutNamespace, "-f", Path.Combine(config, "zebra.conf"), "-i", Path.Combine(run, "zebra.pid"),
            "-z", zserv, "--vty_socket", run, "-A", "127.0.0.1", "-P", "0", "-s", "33554432",
        ], Path.Combine(lab.Directory, "zebra.log"));
        cleanup.AddDaemon(_zebra);
        while (!File.Exists(zserv))
        {
            _zebra.ThrowIfExited();
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"zebra never created {zserv}; {Diagnostics()}");
            }

            Thread.Sleep(50);
        }

        _bgpd = BenchDaemon.Start("bgpd", lab.DutNamespace,
        [
            BgpdPath, "-N", lab.DutNamespace, "-f", Path.Combine(config, "bgpd.conf"), "-i", Path.Combine(run, "bgpd.pid"),
            "-z", zserv, "--vty_socket", run, "-A", "127.0.0.1", "-P", "0",
        ], Path.Combine(lab.Directory, "bgpd.log"));
        cleanup.AddDaemon(_bgpd);
    }

    public string Diagnostics()
    {
        var text = new StringBuilder();
        foreach (var process in Processes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{process.Name} (pid {process.Pid}) last lines ({process.LogPath}):");
            text.AppendLine(process.Tail());
        }

        if (_namespace is not null && _bgpd is { HasExited: false })
        {
            try
            {
                text.AppendLine(Shell.Run("vtysh", "-N", _namespace, "-c", "show bgp l2vpn evpn summary", "-c", "show evpn vni"));
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"(vtysh: {e.Message})");
            }
        }

        return text.ToString();
    }

    public void Stop()
    {
        _bgpd?.Stop(TimeSpan.FromSeconds(10));
        _zebra?.Stop(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Timers 30/90 as evpnd's defaults (datacenter's 3/9 would only add keepalive traffic);
    /// passive like evpnd's neighbour, so that the injector's connection is the only one.
    /// </summary>
    private static string BgpdConfig()
    {
        var peer = E2eAddresses.InjectorAddress;
        return string.Join('\n',
            "frr defaults datacenter",
            "hostname dut",
            "log stdout informational",
            "!",
            $"router bgp {E2eAddresses.Asn}",
            $" bgp router-id {E2eAddresses.DutVtep}",
            " no bgp default ipv4-unicast",
            $" neighbor {peer} remote-as internal",
            $" neighbor {peer} passive",
            $" neighbor {peer} timers 30 {BgpInjector.HoldTime}",
            " !",
            " address-family l2vpn evpn",
            $"  neighbor {peer} activate",
            "  advertise-all-vni",
            " exit-address-family",
            "exit",
            "!",
            "");
    }
}
