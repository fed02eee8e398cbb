using Evpnd.Bgp.Session;
using Evpnd.Daemon.Config;

namespace Evpnd.Daemon.Tests.Config;

/// <summary>The graceful-restart keys: FRR's datacenter defaults, the map, turning it off, and the errors.</summary>
public sealed class GracefulRestartConfigTests
{
    private const string Head = "router-id: 10.255.0.2\nasn: 65002\n";

    [Test]
    public void Defaults_OnWithFrrsTimes()
    {
        var config = ConfigLoader.Parse(Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n", "evpnd.yaml");
        Assert.That(config.Bgp.GracefulRestart, Is.EqualTo(new GracefulRestartConfig { Enabled = true, RestartTime = 120, StaleRoutesTime = 360, SelectDeferTime = 120 }));
        Assert.That(config.Bgp.Neighbors[0].GracefulRestart, Is.True);
    }

    [Test]
    public void TheMapAndThePerNeighborSwitch_Load()
    {
        var config = ConfigLoader.Parse(
            Head +
            """
            graceful-restart: { enabled: true, restart-time: 300, stale-routes-time: 600, select-defer-time: 30 }
            neighbors:
              - address: 10.0.0.1
                remote-as: 65001
                graceful-restart: false
              - address: 10.0.0.3
                remote-as: 65001
            """,
            "evpnd.yaml");
        Assert.That(config.Bgp.GracefulRestart, Is.EqualTo(new GracefulRestartConfig { RestartTime = 300, StaleRoutesTime = 600, SelectDeferTime = 30 }));
        Assert.That(config.Bgp.Neighbors.Select(n => n.GracefulRestart), Is.EqualTo(new[] { false, true }));
    }

    [TestCase("graceful-restart: false\n", false)]
    [TestCase("graceful-restart: { enabled: false }\n", false)]
    [TestCase("graceful-restart: true\n", true)]
    public void OnOrOff(string yaml, bool enabled)
    {
        Assert.That(ConfigLoader.Parse(Head + yaml, "evpnd.yaml").Bgp.GracefulRestart.Enabled, Is.EqualTo(enabled));
    }

    [TestCase("graceful-restart: { restart-time: 4096 }\n", "evpnd.yaml:3:35: restart-time 4096 is out of range 0..4095")]
    [TestCase("graceful-restart: { stale-routes-time: 0 }\n", "evpnd.yaml:3:40: stale-routes-time 0 is out of range 1..4095")]
    [TestCase("graceful-restart: { select-defer-time: 3601 }\n", "evpnd.yaml:3:40: select-defer-time 3601 is out of range 0..3600")]
    [TestCase("graceful-restart: { restart-tme: 60 }\n", "evpnd.yaml:3:21: unknown key 'restart-tme' in graceful-restart (did you mean 'restart-time'?)")]
    [TestCase("graceful-restart: [120]\n", "evpnd.yaml:3:19: graceful-restart must be a map, not a list")]
    [TestCase("neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    graceful-restart: maybe\n", "evpnd.yaml:6:23: graceful-restart 'maybe' is not true or false")]
    public void Errors_NameFileLineAndColumn(string yaml, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Head + yaml, "evpnd.yaml"));
        Assert.That(error!.Message.Split('\n'), Is.EqualTo(new[] { expected }));
    }
}
