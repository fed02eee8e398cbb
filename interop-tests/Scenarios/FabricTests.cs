using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Frr;
using Evpnd.Interop.Tests.Harness.Evpnd;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// Issue 5, scenario 5: the same three VTEPs (two evpnd, one FRR) in an iBGP fabric under an FRR
/// route reflector and in an eBGP fabric (an AS per leaf, an FRR spine that keeps next hops).
/// With nothing but auto-derived RDs and RTs, every host reaches every other host of its VNI.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class FabricTests : ScenarioTest
{
    [TestCase(FabricKind.IbgpRouteReflector)]
    [TestCase(FabricKind.EbgpSpine)]
    public async Task HostsReachEachOtherAcrossEvpndAndFrrVtepsWithAutoRouteTargets(FabricKind kind)
    {
        ScenarioFabric fabric = await StartFabricAsync(
            kind, new VtepSpec(1, EvpndVtep, 100, 200), new VtepSpec(2, EvpndVtep, 100, 200), new VtepSpec(3, VtepKind.Frr, 100, 200));

        await fabric.PingAllPairsAsync(TestContext.Out);

        foreach (ScenarioVtep vtep in fabric.Vteps)
        {
            foreach (ScenarioHost host in fabric.Hosts.Where(h => h.Vtep != vtep))
            {
                await fabric.WaitForRemoteMacAsync(vtep, host);
            }
        }

        // Auto RTs are AS:VNI with the originator's AS (RFC 8365 section 5.1.2.1 in FRR's form):
        // in the eBGP fabric they differ per leaf and import works only by matching the VNI.
        foreach (ScenarioVtep vtep in fabric.Vteps)
        {
            foreach (int vni in vtep.Vnis)
            {
                IReadOnlyList<string> remoteVteps = await Poll.UntilAsync(
                    () => FloodListAsync(vtep, vni),
                    list => list.Count == 2,
                    $"{vtep}'s flood list for VNI {vni} to hold both other VTEPs");
                Assert.That(remoteVteps, Is.EquivalentTo(fabric.Vteps.Where(v => v != vtep).Select(v => v.Address)), $"{vtep} VNI {vni} flood list");
            }
        }

        IReadOnlyList<FrrEvpnRoute> routes = await fabric.Vtep(3).RequireFrr().GetEvpnRoutesAsync("macip");
        FrrEvpnRoute? fromVtep1 = routes.FirstOrDefault(r => r.Path.Mac == fabric.Host("h1a").Mac);
        Assert.Multiple(() =>
        {
            Assert.That(fromVtep1?.Path.ExtendedCommunity?.Items, Does.Contain($"RT:{fabric.Vtep(1).Asn}:100"),
                $"FRR sees vtep1's auto RT on h1a's route: {fromVtep1}");
            Assert.That(fromVtep1?.Nexthop, Is.EqualTo(fabric.Vtep(1).Address), "the next hop is vtep1, unchanged by the reflector or spine");
        });

        if (fabric.Vtep(1).Evpnd is { } evpnd)
        {
            IReadOnlyList<EvpndVni> vnis = await evpnd.ShowEvpnVniAsync(100);
            IReadOnlyList<EvpndEvpnRoute> routes2 = await evpnd.ShowEvpnRoutesAsync(type: 2, vni: 100);
            EvpndEvpnRoute? fromFrr = routes2.FirstOrDefault(r => r.Mac == fabric.Host("h3a").Mac);
            Assert.Multiple(() =>
            {
                Assert.That(vnis.SingleOrDefault()?.ExportRouteTargets, Is.EqualTo(new[] { $"{fabric.Vtep(1).Asn}:100" }), "evpnd's auto export RT is AS:VNI");
                Assert.That(fromFrr?.NextHop, Is.EqualTo(fabric.Vtep(3).Address), $"evpnd holds FRR's h3a route with vtep3 as next hop: {fromFrr}");
                Assert.That(fromFrr?.RouteTargets, Does.Contain($"{fabric.Vtep(3).Asn}:100"), "with FRR's auto RT");
                Assert.That(fromFrr?.Vnis, Is.EqualTo(new[] { 100 }), "imported into VNI 100");
            });
        }
    }

    private static async Task<IReadOnlyList<string>> FloodListAsync(ScenarioVtep vtep, int vni) =>
        [.. (await vtep.GetVxlanFdbAsync(vni)).Where(e => e.IsFloodEntry).Select(e => e.Dst!)];
}
