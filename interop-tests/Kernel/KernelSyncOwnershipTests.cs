using Evpnd.Interop.Tests.Evpn;
using Evpnd.Interop.Tests.Harness;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Kernel;

/// <summary>
/// evpnd's KernelSync touches only the entries it owns: what an operator added by hand to the
/// VXLAN device outlives evpnd's start (the first reconcile), its run (a repair of a deleted
/// entry, which reconciles again) and its stop (its clean-up); and what evpnd owns and someone
/// deletes comes back.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class KernelSyncOwnershipTests : InteropTest
{
    private const string ForeignMac = "02:00:00:00:99:99";

    [Test]
    public async Task OperatorsStaticEntriesSurviveEvpndsStartRunAndStop()
    {
        FrrEvpndVteps lab = await FrrEvpndVteps.CreateAsync(Lab);
        Netns evpndNs = lab.EvpndNs;
        await BridgeAsync(evpndNs, "fdb", "append", FloodMac, "dev", Vxlan, "dst", ForeignVtep, "self", "permanent");
        await BridgeAsync(evpndNs, "fdb", "add", ForeignMac, "dev", Vxlan, "dst", ForeignVtep, "self", "permanent");
        await lab.StartAsync();

        // Started: evpnd has reconciled once it programs FRR's VTEP and h1's MAC.
        await lab.WaitForFrrHostRouteAsync();
        IReadOnlyList<FdbEntry> afterStart = await WaitForEvpndEntriesAsync(lab);

        // Running: a deleted entry of evpnd's own comes back, and the repair leaves the operator's alone.
        await BridgeAsync(evpndNs, "fdb", "del", FloodMac, "dev", Vxlan, "dst", FrrVtep, "self");
        IReadOnlyList<FdbEntry> afterRepair = await WaitForEvpndEntriesAsync(lab);

        int exitCode = await lab.Evpnd.StopAsync();
        IReadOnlyList<FdbEntry> afterStop = await evpndNs.GetFdbAsync(Vxlan);

        Assert.Multiple(() =>
        {
            ExpectForeignEntries(afterStart, "after evpnd's start");
            ExpectForeignEntries(afterRepair, "while evpnd runs (after it repaired its flood entry)");
            Assert.That(exitCode, Is.Zero, "evpnd's exit code after SIGTERM");
            ExpectForeignEntries(afterStop, "after evpnd's stop");
        });
    }

    [Test]
    public async Task HandDeletedRemoteEntriesComeBack()
    {
        FrrEvpndVteps lab = await FrrEvpndVteps.CreateAsync(Lab);
        Netns evpndNs = lab.EvpndNs;
        await lab.StartAsync();
        await lab.WaitForFrrHostRouteAsync();
        await WaitForEvpndEntriesAsync(lab);

        // Each `bridge fdb del` fails unless the entry was there and is gone: that is the proof of
        // the deletion (evpnd may put an entry back before a dump could show the gap).
        await BridgeAsync(evpndNs, "fdb", "del", FloodMac, "dev", Vxlan, "dst", FrrVtep, "self");
        await BridgeAsync(evpndNs, "fdb", "del", FrrHostMac, "dev", Vxlan, "dst", FrrVtep, "self");
        await BridgeAsync(evpndNs, "fdb", "del", FrrHostMac, "dev", Vxlan, "master");
        IReadOnlyList<FdbEntry> after = await Poll.UntilAsync(
            () => evpndNs.GetFdbAsync(Vxlan),
            fdb => HasFlood(fdb) && HasRemoteMac(fdb) && HasMasterMac(fdb),
            "evpnd to put back FRR's flood entry and h1's MAC (vxlan100 and br100)",
            describe: fdb => string.Join("; ", fdb));

        Assert.Multiple(() =>
        {
            Assert.That(after.Single(e => e.Mac == FrrHostMac && e.Master == Bridge).Flags, Does.Contain("extern_learn"), "h1's bridge entry is back as extern_learn");
            Assert.That(after.Single(e => e.Mac == FrrHostMac && e.Dst == FrrVtep).Flags, Does.Contain("extern_learn"), "h1's MAC is back as extern_learn");
        });
    }

    private static async Task<IReadOnlyList<FdbEntry>> WaitForEvpndEntriesAsync(FrrEvpndVteps lab) =>
        await Poll.UntilAsync(
            () => lab.EvpndNs.GetFdbAsync(Vxlan),
            fdb => HasFlood(fdb) && HasRemoteMac(fdb) && HasMasterMac(fdb),
            "evpnd's kernel: FRR's VTEP in the flood list and h1's MAC towards it",
            describe: fdb => string.Join("; ", fdb));

    private static bool HasFlood(IReadOnlyList<FdbEntry> fdb) => fdb.Any(e => e.IsFloodEntry && e.Dst == FrrVtep);

    private static bool HasRemoteMac(IReadOnlyList<FdbEntry> fdb) => fdb.Any(e => e.Mac == FrrHostMac && e.Dst == FrrVtep);

    private static bool HasMasterMac(IReadOnlyList<FdbEntry> fdb) => fdb.Any(e => e.Mac == FrrHostMac && e.Master == Bridge);

    private static void ExpectForeignEntries(IReadOnlyList<FdbEntry> fdb, string when)
    {
        string all = string.Join("; ", fdb);
        Assert.That(fdb.Any(e => e.IsFloodEntry && e.Dst == ForeignVtep && e.State == "permanent"), Is.True,
            $"{when}: the operator's flooding entry towards {ForeignVtep}: {all}");
        Assert.That(fdb.Any(e => e.Mac == ForeignMac && e.Dst == ForeignVtep && e.State == "permanent"), Is.True,
            $"{when}: the operator's static MAC towards {ForeignVtep}: {all}");
    }

    private static async Task BridgeAsync(Netns ns, params string[] args) =>
        (await ns.ExecAsync(["bridge", .. args])).EnsureSuccess();
}
