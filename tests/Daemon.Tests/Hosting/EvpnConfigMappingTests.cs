using Evpnd.Daemon.Config;
using Evpnd.Daemon.Hosting;
using Evpnd.Evpn;
using Evpnd.KernelSync;

namespace Evpnd.Daemon.Tests.Hosting;

public sealed class EvpnConfigMappingTests
{
    private const string Head = "router-id: 10.255.0.2\nasn: 65002\n";

    [Test]
    public void AnAutoImportBesideOthersMatchesExactlyOurTargetWithoutWildcardImport()
    {
        // Without import-wildcard-as, "auto" is our own AS:VNI, as the engine's default; it used
        // to become the any-AS wildcard whenever it was written out next to other targets.
        var config = Load(Head + "evpn:\n  import-wildcard-as: false\n  vnis:\n    - vni: 100\n      local-vtep: 10.255.0.2\n      route-targets: { import: [auto, \"65001:100\"] }\n");

        var local = EvpnConfigMapping.LocalVni(100, System.Net.IPAddress.Parse("10.255.0.2"), config.Evpn.Vnis[0], config);

        Assert.That(local.ImportRouteTargets, Is.EqualTo(new[]
        {
            ImportRouteTarget.ExactlyThis(RouteTarget.AutoDerived(65002, new Vni(100), rfc8365Form: false)),
            ImportRouteTarget.Parse("65001:100"),
        }));
    }

    [Test]
    public void AnAutoImportBesideOthersIsTheWildcardWithWildcardImport()
    {
        var config = Load(Head + "evpn:\n  vnis:\n    - vni: 100\n      local-vtep: 10.255.0.2\n      route-targets: { import: [auto, \"65001:100\"] }\n");

        var local = EvpnConfigMapping.LocalVni(100, System.Net.IPAddress.Parse("10.255.0.2"), config.Evpn.Vnis[0], config);

        Assert.That(local.ImportRouteTargets[0], Is.EqualTo(ImportRouteTarget.AutoDerived(new Vni(100))));
    }

    [Test]
    public void RemoteMacLimitReachesTheEngine()
    {
        var config = Load(Head + "limits: { remote-macs: 100 }\n");

        Assert.That(EvpnConfigMapping.EngineOptions(config, TimeProvider.System).RemoteMacLimit, Is.EqualTo(100u));
    }

    [Test]
    public void FloodingReachesTheEngine()
    {
        var config = Load(Head + "evpn:\n  flooding: disabled\n  vnis:\n    - vni: 100\n      local-vtep: 10.255.0.2\n      flooding: head-end-replication\n");

        Assert.That(EvpnConfigMapping.EngineOptions(config, TimeProvider.System).Flooding, Is.EqualTo(Evpn.Instances.FloodingMode.Disabled));
        Assert.That(EvpnConfigMapping.LocalVni(100, System.Net.IPAddress.Parse("10.255.0.2"), config.Evpn.Vnis[0], config).Flooding,
            Is.EqualTo(Evpn.Instances.FloodingMode.HeadEndReplication));
    }

    private static EvpndConfig Load(string yaml)
    {
        string path = Path.Combine(Path.GetTempPath(), $"evpnd-mapping-{Environment.ProcessId}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try
        {
            return ConfigLoader.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
