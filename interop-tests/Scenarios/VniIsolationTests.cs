using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// Issue 5, scenario 3: VNI 100 and VNI 200 share one IP subnet, so only layer-2 separation keeps
/// their hosts apart. vtep1 (evpnd) and vtep3 (FRR) have both VNIs, vtep2 (evpnd) only VNI 100:
/// routes for VNI 200 reach vtep2 but must not be installed there.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class VniIsolationTests : ScenarioTest
{
    [Test]
    public async Task HostsInVni100CannotReachVni200AndAVtepWithoutVni200InstallsNoneOfIt()
    {
        ScenarioFabric fabric = await StartFabricAsync(
            FabricKind.IbgpRouteReflector,
            new VtepSpec(1, EvpndVtep, 100, 200), new VtepSpec(2, EvpndVtep, 100), new VtepSpec(3, VtepKind.Frr, 100, 200));
        // The positive control: within a VNI every host reaches every other.
        await fabric.PingAllPairsAsync();
        ScenarioHost[] vni100 = [.. fabric.Hosts.Where(h => h.Vni == 100)];
        ScenarioHost[] vni200 = [.. fabric.Hosts.Where(h => h.Vni == 200)];
        ScenarioVtep vtep1 = fabric.Vtep(1);
        ScenarioVtep vtep2 = fabric.Vtep(2);
        ScenarioVtep vtep3 = fabric.Vtep(3);
        foreach (ScenarioHost host in fabric.Hosts.Where(h => h.Vtep != vtep1))
        {
            await fabric.WaitForRemoteMacAsync(vtep1, host);
        }

        foreach (ScenarioHost host in vni100.Where(h => h.Vtep != vtep2))
        {
            await fabric.WaitForRemoteMacAsync(vtep2, host);
        }

        // In parallel: an unanswered ping waits for ARP to give up, seconds each.
        (ScenarioHost From, ScenarioHost To)[] pairs = [.. vni100.SelectMany(from => vni200.Select(to => (from, to)))];
        bool[] reached = await Task.WhenAll(pairs.Select(p => p.From.PingAsync(p.To)));
        string[] leaks = [.. pairs.Where((_, i) => reached[i]).Select(p => $"{p.From.Name} -> {p.To.Name}")];

        IReadOnlyList<FdbEntry> vtep2Fdb = await vtep2.Namespace.GetFdbAsync();
        IReadOnlyList<FdbEntry> vtep1Vxlan100 = await vtep1.GetVxlanFdbAsync(100);
        IReadOnlyList<FdbEntry> vtep1Vxlan200 = await vtep1.GetVxlanFdbAsync(200);
        IReadOnlyList<FdbEntry> vtep3Vxlan200 = await vtep3.GetVxlanFdbAsync(200);
        HashSet<string> vni200Macs = [.. vni200.Select(h => h.Mac)];
        Assert.Multiple(() =>
        {
            Assert.That(leaks, Is.Empty, "VNI 100 hosts that reached a VNI 200 host (same subnet)");
            Assert.That(vtep2Fdb.Where(e => vni200Macs.Contains(e.Mac)), Is.Empty, "vtep2 has no VNI 200: none of its MACs in its FDB");
            Assert.That(vtep1Vxlan100.Where(e => vni200Macs.Contains(e.Mac)), Is.Empty, "vtep1's vxlan100 holds no VNI 200 MAC");
            Assert.That(vtep1Vxlan200.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { vtep3.Address }),
                "vtep1 floods VNI 200 to vtep3 only (vtep2 has no VNI 200)");
            Assert.That(vtep3Vxlan200.Where(e => e.IsFloodEntry).Select(e => e.Dst), Is.EqualTo(new[] { vtep1.Address }),
                "FRR's vtep3 floods VNI 200 to vtep1 only: vtep2 sent no type-3 route for it");
        });

        if (vtep2.Evpnd is { } evpnd2)
        {
            IReadOnlyList<EvpndMac> macs = await evpnd2.ShowEvpnMacsAsync();
            IReadOnlyList<EvpndVni> vnis = await evpnd2.ShowEvpnVniAsync();
            Assert.Multiple(() =>
            {
                Assert.That(vnis.Select(v => v.Vni), Is.EqualTo(new[] { 100 }), "vtep2's evpnd serves VNI 100 only");
                Assert.That(macs.Where(m => m.Vni != 100 || vni200Macs.Contains(m.Mac)), Is.Empty, "vtep2's evpnd installed no VNI 200 MAC");
                Assert.That(macs.Where(m => m.Origin == "remote").Select(m => m.Mac),
                    Is.EquivalentTo(vni100.Where(h => h.Vtep != vtep2).Select(h => h.Mac)), "vtep2's remote MACs are the other VNI 100 hosts");
            });
        }

        if (vtep1.Evpnd is { } evpnd1)
        {
            IReadOnlyList<EvpndMac> in100 = await evpnd1.ShowEvpnMacsAsync(100);
            IReadOnlyList<EvpndMac> in200 = await evpnd1.ShowEvpnMacsAsync(200);
            Assert.Multiple(() =>
            {
                Assert.That(in100.Where(m => vni200Macs.Contains(m.Mac)), Is.Empty, "vtep1's evpnd: no VNI 200 MAC in VNI 100");
                Assert.That(in200.Where(m => m.Origin == "remote").Select(m => m.Mac), Is.EqualTo(new[] { fabric.Host("h3b").Mac }),
                    "vtep1's evpnd: h3b is the one remote MAC in VNI 200");
            });
        }
    }
}
