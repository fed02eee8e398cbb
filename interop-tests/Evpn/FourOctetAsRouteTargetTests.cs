using Evpnd.Interop.Tests.Harness;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Evpn;

/// <summary>
/// Issue 12, item 5: a 4-byte-AS fabric. FRR (AS 4200000001) exports VNI 100 with the 4-octet-AS
/// route target 4200000001:100; evpnd (AS 4200000002) with nothing but `advertise-all-vni` (auto
/// RTs) imports it, as FRR's auto import does, by the local administrator whatever the global
/// one; FRR imports evpnd's routes by `*:100`. The hosts behind the two VTEPs then ping.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class FourOctetAsRouteTargetTests : InteropTest
{
    private const uint FrrAs4 = 4_200_000_001;
    private const uint EvpndAs4 = 4_200_000_002;

    [Test]
    public async Task AutoImportTakesAFourOctetAsRouteTarget()
    {
        FrrEvpndVteps lab = await FrrEvpndVteps.CreateAsync(Lab, FrrAs4, EvpndAs4, evpndHost: true);
        lab.Frr.EvpnConfig.AddRange([$"vni {Vni}", $" route-target export {FrrAs4}:{Vni}", $" route-target import *:{Vni}", "exit-vni"]);
        string stateDir = Path.Combine(Lab.Directory, "evpnd-state");
        Directory.CreateDirectory(stateDir);
        lab.Evpnd.ExtraYaml = $"state-dir: {stateDir}\nevpn:\n  advertise-all-vni: true\n";
        await lab.StartAsync();
        var frrRoutes = await lab.WaitForFrrHostRouteAsync();
        TestContext.Out.WriteLine($"FRR: {string.Join("; ", frrRoutes.Where(r => r.Path.Mac == FrrHostMac))}");
        Assert.That(frrRoutes.Where(r => r.Path.Mac == FrrHostMac).Select(r => r.Path.ExtendedCommunity?.Text), Has.Some.Contains($"RT:{FrrAs4}:{Vni}"),
            "FRR exports h1's MAC with the 4-octet-AS route target");

        await Poll.UntilAsync(
            () => lab.EvpndNs.GetFdbAsync(Vxlan),
            fdb => fdb.Any(e => e.Mac == FrrHostMac && e.Dst == FrrVtep),
            $"evpnd's kernel to send h1's MAC {FrrHostMac} to FRR's VTEP {FrrVtep} (imported by auto RT)",
            describe: fdb => string.Join("; ", fdb));
        await Poll.UntilAsync(() => lab.EvpndHost!.PingAsync(FrrHostIPv4), ok => ok, "h2 (behind evpnd) to reach h1 (behind FRR)");
    }
}
