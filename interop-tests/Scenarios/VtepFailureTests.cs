using System.Diagnostics;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// Issue 5, scenario 2: a VTEP's speaker dies. The route reflector drops the session (at once
/// when the TCP connection closes, at hold expiry, 3 s here, when the VTEP just goes silent) and
/// withdraws the VTEP's routes; every other VTEP removes it from its flood list and removes its
/// hosts' MACs from the FDB, and the survivors still reach each other.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class VtepFailureTests : ScenarioTest
{
    private const int Vni = 100;

    [TestCase(VtepFailure.Killed)]
    [TestCase(VtepFailure.Stopped)]
    [TestCase(VtepFailure.UplinkDown)]
    public async Task DeadVtepLeavesTheOtherVtepsFloodListsAndFdbs(VtepFailure failure)
    {
        ScenarioFabric fabric = await StartFabricAsync(
            FabricKind.IbgpRouteReflector,
            new VtepSpec(1, EvpndVtep, Vni), new VtepSpec(2, EvpndVtep, Vni), new VtepSpec(3, VtepKind.Frr, Vni));
        await fabric.PingAllPairsAsync();
        ScenarioVtep victim = fabric.Vtep(2);
        ScenarioHost victimHost = fabric.Host("h2a");
        ScenarioVtep[] survivors = [fabric.Vtep(1), fabric.Vtep(3)];
        foreach (ScenarioVtep vtep in survivors)
        {
            await fabric.WaitForRemoteMacAsync(vtep, victimHost);
            Assert.That(await FloodListAsync(vtep), Does.Contain(victim.Address), $"{vtep} floods to {victim} before the failure");
        }

        Stopwatch sinceFailure = Stopwatch.StartNew();
        await FailAsync(victim, failure);

        foreach (ScenarioVtep vtep in survivors)
        {
            await Poll.UntilAsync(
                () => vtep.GetVxlanFdbAsync(Vni),
                fdb => !fdb.Any(e => e.Dst == victim.Address),
                $"{vtep} to drop every FDB entry towards {victim.Address} (flood entry and {victimHost.Mac})",
                describe: fdb => string.Join("; ", fdb));
            TestContext.Out.WriteLine($"{vtep}: no FDB entry towards {victim.Address} {sinceFailure.ElapsedMilliseconds} ms after the failure ({failure})");
            MacView? view = await MacView.GetAsync(vtep, Vni, victimHost.Mac);
            Assert.That(view, Is.Null, $"{vtep}'s speaker forgot {victimHost.Mac}");
        }

        if (survivors[0].Evpnd is { } evpnd)
        {
            EvpndVni? vni = (await evpnd.ShowEvpnVniAsync(Vni)).SingleOrDefault(v => v.Vni == Vni);
            Assert.That(vni?.RemoteVteps, Is.EquivalentTo(new[] { fabric.Vtep(3).Address }), $"evpnd's VNI {Vni} remote VTEPs: {vni}");
        }

        Assert.That(await fabric.Host("h1a").PingAsync(fabric.Host("h3a")), Is.True, "the surviving VTEPs' hosts still reach each other");
    }

    private static async Task FailAsync(ScenarioVtep victim, VtepFailure failure)
    {
        switch (failure)
        {
            case VtepFailure.Killed when victim.Evpnd is { Process: { } process }:
                process.Kill();
                break;
            case VtepFailure.Killed:
                victim.RequireFrr().Bgpd!.Kill();
                break;
            case VtepFailure.Stopped when victim.Evpnd is { } evpnd:
                Assert.That(await evpnd.StopAsync(), Is.Zero, "evpnd exits 0 on SIGTERM");
                break;
            case VtepFailure.Stopped:
                await victim.RequireFrr().StopBgpdAsync();
                break;
            case VtepFailure.UplinkDown:
                await victim.Namespace.IpAsync("link", "set", victim.Uplink.Interface, "down");
                break;
        }
    }

    private static async Task<IReadOnlyList<string>> FloodListAsync(ScenarioVtep vtep) =>
        [.. (await vtep.GetVxlanFdbAsync(Vni)).Where(e => e.IsFloodEntry).Select(e => e.Dst!)];
}
