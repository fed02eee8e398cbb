using System.Net;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Tests.Instances;
using Evpnd.Evpn.Wire;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;
using Microsoft.Extensions.Logging;

namespace Evpnd.Evpn.Tests.Worker;

[TestFixture]
public sealed class EvpnWorkerTests
{
    private static readonly Vni Vni100 = new(100);

    [Test]
    public async Task ANeighbourOnTheBridgeNeverMakesAMacLocalButNamesTheIpOfOneThatIs()
    {
        await using var harness = new WorkerHarness(advertiseAllVni: true);
        harness.Kernel(new VniStateChanged(Vni100, WorkerHarness.Usable(100)));
        var host = EngineFixture.Mac(1);

        // The SVI resolved a host behind another VTEP: a neighbour entry, no MAC on a local port.
        harness.Kernel(new LocalNeighborSeen(Vni100, IPAddress.Parse("192.168.100.10"), host, Router: false));
        await harness.SettleAsync();
        Assert.That(harness.Rib.Read(r => r.Routes.OfType<MacIpAdvertisementRoute>().Count()), Is.Zero, "no type-2 for a MAC that is not local");

        harness.Kernel(new LocalMacSeen(Vni100, host, Static: false));
        await harness.SettleAsync();
        var advertised = harness.Rib.Read(r => r.Routes.OfType<MacIpAdvertisementRoute>().Where(m => m.Mac == host).Select(m => m.Ip.ToString()).ToList());
        Assert.That(advertised, Is.EquivalentTo(new[] { string.Empty, "192.168.100.10" }), "the MAC, then its IP once the MAC is local");
    }

    [Test]
    public async Task AConfiguredVniWhoseDeviceGoesDownOrAwayWithdrawsItsType3AndComesBackWithIt()
    {
        await using var harness = new WorkerHarness([new ConfiguredVni(Vni100) { LocalVtep = IPAddress.Parse("10.0.0.1") }]);
        await harness.SettleAsync();
        Assert.That(Type3s(harness), Is.EqualTo(1), "served from its configuration before any device is seen");

        harness.Kernel(new VniStateChanged(Vni100, WorkerHarness.Usable(100)));
        harness.Kernel(new VniStateChanged(Vni100, WorkerHarness.Usable(100) with { Up = false }));
        await harness.SettleAsync();
        Assert.That(Type3s(harness), Is.Zero, "down: it would attract BUM traffic it cannot deliver");

        harness.Kernel(new VniStateChanged(Vni100, WorkerHarness.Usable(100)));
        await harness.SettleAsync();
        Assert.That(Type3s(harness), Is.EqualTo(1), "up again");

        harness.Kernel(new VniStateChanged(Vni100, null));
        await harness.SettleAsync();
        Assert.That(Type3s(harness), Is.Zero, "the device is gone");
        Assert.That(harness.Log.Lines.Count(l => l.Message.Contains("vxlan100 removed")), Is.EqualTo(1));
    }

    [Test]
    public async Task AMulticastVniAdvertisesAPimSmTreeAndInstallsNoFloodEntriesButStillRemoteMacs()
    {
        await using var harness = new WorkerHarness(advertiseAllVni: true);
        harness.Kernel(new VniStateChanged(Vni100, WorkerHarness.Usable(100, group: "239.1.1.1")));
        harness.BestPaths(
            EngineFixture.ImetChange("10.0.0.2", rt: "65001:100"),
            EngineFixture.MacChange(EngineFixture.Mac(7), "10.0.0.2", rt: "65001:100"));
        await harness.SettleAsync();

        var type3 = harness.Rib.Read(r => r.Single(route => route is InclusiveMulticastRoute));
        Assert.That(PmsiTunnel.TryDecode(type3.Attributes.OfType<PmsiTunnelAttribute>().Single(), out var tunnel), Is.EqualTo(UpdateErrorAction.None));
        Assert.That(tunnel!.TunnelType, Is.EqualTo(PmsiTunnelType.PimSm));
        Assert.That(harness.Intents.Select(i => i.Kind), Is.EqualTo(new[] { DataplaneIntentKind.RemoteMacWanted }), "no head-end entry beside the group");
    }

    [Test]
    public async Task IntentsCarryTheReceiveTimeOfTheOldestUpdateOfTheirRibBatch()
    {
        await using var harness = new WorkerHarness(advertiseAllVni: true);
        harness.Kernel(new VniStateChanged(Vni100, WorkerHarness.Usable(100)));
        await harness.SettleAsync();
        harness.BestPaths(
            EngineFixture.MacChange(EngineFixture.Mac(1), "10.0.0.2", rt: "65001:100") with { ReceivedAt = 1000 },
            EngineFixture.MacChange(EngineFixture.Mac(2), "10.0.0.2", rt: "65001:100") with { ReceivedAt = 900 });
        harness.BestPaths(EngineFixture.MacChange(EngineFixture.Mac(3), "10.0.0.2", rt: "65001:100"));
        await harness.SettleAsync();

        Assert.That(harness.Intents.Select(i => i.Mac), Is.EqualTo(new[] { EngineFixture.Mac(1), EngineFixture.Mac(2), EngineFixture.Mac(3) }));
        Assert.That(harness.IntentsReceivedAt, Is.EqualTo(new long[] { 900, 900, 0 }), "one stamp per RIB batch, none for changes no UPDATE caused");
    }

    [Test]
    public async Task FloodingDisabledAdvertisesNoType3AndInstallsNoFloodEntries()
    {
        await using var harness = new WorkerHarness(advertiseAllVni: true, flooding: FloodingMode.Disabled);
        harness.Kernel(new VniStateChanged(Vni100, WorkerHarness.Usable(100)));
        harness.BestPaths(EngineFixture.ImetChange("10.0.0.2", rt: "65001:100"));
        await harness.SettleAsync();

        Assert.That(Type3s(harness), Is.Zero);
        Assert.That(harness.Intents, Is.Empty);
    }

    [Test]
    public async Task TheInitialConvergenceReachesKernelSyncOnlyAfterTheKernelsVnisAndTheirIntents()
    {
        // A restart where the RIB converges (End-of-RIB from every peer) before KernelSync has
        // reported the VXLAN devices: "desired state complete" then would remove every remote
        // entry of a VNI the EVPN side does not know yet, and re-add it a moment later.
        await using var harness = new WorkerHarness(advertiseAllVni: true);
        harness.BestPaths(
            EngineFixture.ImetChange("10.0.0.2", rt: "65001:100"),
            EngineFixture.MacChange(EngineFixture.Mac(1), "10.0.0.2", rt: "65001:100"));
        harness.Worker.Post(InitialConvergence.Instance);
        await harness.SettleAsync();
        Assert.That(harness.Requests, Has.No.Member("complete"), "held until the kernel's VNIs are known");
        Assert.That(harness.Rib.LocalRoutesCompleted, Is.Zero, "no End-of-RIB before the local routes of the kernel's VNIs");

        harness.Kernel(new VniStateChanged(Vni100, WorkerHarness.Usable(100)));
        harness.Kernel(new KernelResynchronised("start", new ReconcileResult(0, 0, 0, 2, 0, [])));
        await harness.SettleAsync();

        Assert.That(harness.Requests, Is.EqualTo(new[] { "intents", "complete" }));
        Assert.That(harness.Rib.LocalRoutesCompleted, Is.EqualTo(1));
        Assert.That(harness.Rib.Read(r => r.Table.Count), Is.GreaterThan(0), "the VNI's type-3 route originated before that");
        Assert.That(harness.Intents.Count(i => i.Kind is DataplaneIntentKind.RemoteMacWanted or DataplaneIntentKind.FloodVtepWanted), Is.EqualTo(2));
    }

    [Test]
    public async Task ARibBatchBecomesOneIntentBatchWithTheRouterFlagOfTheArpNdCommunity()
    {
        await using var harness = new WorkerHarness(advertiseAllVni: true);
        harness.Kernel(new VniStateChanged(Vni100, WorkerHarness.Usable(100)));
        await harness.SettleAsync();

        harness.BestPaths(
            EngineFixture.ImetChange("10.0.0.2", rt: "65001:100"),
            EngineFixture.MacChange(EngineFixture.Mac(1), "10.0.0.2", rt: "65001:100"),
            EngineFixture.MacChange(EngineFixture.Mac(2), "10.0.0.2", rt: "65001:100", ip: "fd00:100::2", arpNd: ArpNdCommunity.Create(router: true)),
            EngineFixture.MacChange(EngineFixture.Mac(3), "10.0.0.3", rt: "65001:100", ip: "192.168.100.3"));
        await harness.SettleAsync();

        Assert.That(harness.IntentBatches, Is.EqualTo(1));
        Assert.That(harness.Intents.Count(i => i.Kind == DataplaneIntentKind.RemoteMacWanted), Is.EqualTo(3));
        Assert.That(harness.Intents.Count(i => i.Kind == DataplaneIntentKind.FloodVtepWanted), Is.EqualTo(1));
        var neighbors = harness.Intents.Where(i => i.Kind == DataplaneIntentKind.NeighborWanted).ToDictionary(i => i.Address.ToString(), i => i.Router);
        Assert.That(neighbors, Is.EqualTo(new Dictionary<string, bool> { ["fd00:100::2"] = true, ["192.168.100.3"] = false }));
    }

    [Test]
    public async Task RoutesWithAnOwnOrMartianNextHopAreDroppedAndLoggedOncePerPeer()
    {
        await using var harness = new WorkerHarness(advertiseAllVni: true);
        harness.Kernel(new VniStateChanged(Vni100, WorkerHarness.Usable(100)));
        harness.BestPaths(
            EngineFixture.MacChange(EngineFixture.Mac(1), "10.0.0.2", rt: "65001:100", nextHop: "127.0.0.1", peer: "192.0.2.7"),
            EngineFixture.MacChange(EngineFixture.Mac(2), "10.0.0.2", rt: "65001:100", nextHop: "10.0.0.1", peer: "192.0.2.7"));
        harness.BestPaths(EngineFixture.MacChange(EngineFixture.Mac(3), "10.0.0.2", rt: "65001:100", nextHop: "224.0.0.5", peer: "192.0.2.7"));
        await harness.SettleAsync();

        Assert.That(harness.Intents, Is.Empty);
        Assert.That(harness.Log.Lines.Count(l => l.Level == LogLevel.Warning && l.Message.Contains("192.0.2.7")), Is.EqualTo(1));
    }

    [Test]
    public async Task ARefusedVniIsLoggedOnceWithItsReasonAndNotServed()
    {
        await using var harness = new WorkerHarness(advertiseAllVni: true);
        var refused = WorkerHarness.Usable(100) with { Unsupported = "bridge br100 filters VLANs (vlan_filtering 1)" };
        harness.Kernel(new VniStateChanged(Vni100, refused));
        harness.Kernel(new VniStateChanged(Vni100, refused with { Up = false }));
        await harness.SettleAsync();

        Assert.That(harness.Log.Lines.Count(l => l.Level == LogLevel.Warning && l.Message.Contains("vlan_filtering 1")), Is.EqualTo(1));
        Assert.That(Type3s(harness), Is.Zero);
    }

    private static int Type3s(WorkerHarness harness) => harness.Rib.Read(r => r.Routes.OfType<InclusiveMulticastRoute>().Count());
}
