using System.Net;
using System.Threading.Channels;
using Evpnd.KernelSync.Tests.Lab;

namespace Evpnd.KernelSync.Tests.Worker;

[TestFixture]
[NonParallelizable]
public sealed class KernelSyncWorkerTests
{
    private static readonly Vni Vni100 = new(100);
    private static readonly IpAddressValue VtepA = IpAddressValue.Parse("10.0.0.2");

    [Test]
    public async Task IntentsAreProgrammedOnTheVnisDeviceAndHandRemovalsUndone()
    {
        using var lab = new VxlanLab("w0");
        await using var run = WorkerRun.Start(lab, grace: TimeSpan.FromMinutes(5));
        var mac = MacAddress.Parse("02:00:00:00:77:01");
        var state = await run.WaitFor<VniStateChanged>(e => e.Vni == Vni100);
        Assert.That(state.State, Is.Not.Null);
        Assert.That((state.State!.Device, state.State.Bridge, state.State.Usable), Is.EqualTo(("vxlan100", "br0", true)));

        await run.Apply(DataplaneIntent.FloodVtep(Vni100, VtepA), DataplaneIntent.RemoteMac(Vni100, mac, VtepA, sticky: false));
        await Poll.Until(
            () => lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100") is var s && s.Contains("02:00:00:00:77:01 dst 10.0.0.2 self extern_learn") && s.Contains("00:00:00:00:00:00 dst 10.0.0.2"),
            "flood entry and remote MAC installed on the VNI's device");

        lab.Vtep.Bridge("fdb", "del", mac.ToString(), "dev", "vxlan100", "self");
        await Poll.Until(
            () => lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Contains("02:00:00:00:77:01 dst 10.0.0.2 self extern_learn"),
            "hand-deleted remote MAC put back");

        await run.Apply(DataplaneIntent.Neighbor(Vni100, IpAddressValue.Parse("fd00:100::77"), mac, router: true));
        await Poll.Until(
            () => lab.Vtep.Ip("neigh", "show", "dev", "br0").Split('\n').Any(l => l.StartsWith("fd00:100::77 lladdr 02:00:00:00:77:01", StringComparison.Ordinal) && l.Contains("router") && l.Contains("proto bgp")),
            "remote router neighbour installed with NTF_ROUTER");
        lab.Vtep.Ip("neigh", "del", "fd00:100::77", "dev", "br0");
        await Poll.Until(() => lab.Vtep.Ip("neigh", "show", "dev", "br0").Contains("fd00:100::77 lladdr"), "hand-deleted neighbour put back");

        await run.Apply(DataplaneIntent.RemoteMacGone(Vni100, mac));
        await Poll.Until(() => !lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Contains("02:00:00:00:77:01"), "withdrawn MAC removed");

        await run.CompleteAsync();
        // The hand-deleted MAC was put back alone: no reconcile of the whole table for it (at a
        // million MACs, reading the FDB back costs minutes of kernel time).
        Assert.That(run.Seen.OfType<KernelResynchronised>().Select(e => e.Reason), Is.EqualTo(new[] { "start", "a wanted neighbour was removed" }));
        Assert.That(run.Seen.OfType<LocalNeighborSeen>().Any(e => e.Address.Equals(IPAddress.Parse("fd00:100::77"))), Is.False, "our own entry is not a local neighbour");
        Assert.That(run.Seen.OfType<ProgrammingFailed>(), Is.Empty);
    }

    [Test]
    public async Task HostsLearnedBeforeTheWorkerStartsAreReportedByVniAfterTheirVni()
    {
        using var lab = new VxlanLab("w1");
        // A host that spoke before evpnd started: the bridge already holds its MAC, and no event
        // will tell of it again.
        lab.Host!.Exec("ping", "-c", "1", "-W", "1", "192.168.100.1");
        var hostMac = HostMac(lab);
        await using var run = WorkerRun.Start(lab);

        var learned = await run.WaitFor<LocalMacSeen>(e => e.Mac == hostMac);
        Assert.That(learned.Vni, Is.EqualTo(Vni100));
        Assert.That(run.Seen.OfType<VniStateChanged>().Any(v => v.Vni == Vni100), Is.True, "the VNI is known before its MACs");
        // The SVI also holds multicast mappings (224.0.0.22, ...): those are not hosts.
        var neighbor = await run.WaitFor<LocalNeighborSeen>(e => e.Address.Equals(IPAddress.Parse("192.168.100.10")));
        Assert.That((neighbor.Vni, neighbor.Mac, neighbor.Router), Is.EqualTo((Vni100, hostMac, false)));
        Assert.That(run.Seen.OfType<KernelResynchronised>().Any(), Is.False, "\"start\" comes after what the kernel already held");
    }

    [Test]
    public async Task AVniThatGoesDownComesBackOrIsRecreatedHasItsHostsReadAgainAndItsEntriesReprogrammed()
    {
        // Fails on a worker that reads local hosts only at start: the bridge does not announce the
        // hosts it holds when the VXLAN device comes back, so they were never advertised again.
        using var lab = new VxlanLab("w3");
        lab.Host!.Exec("ping", "-c", "1", "-W", "1", "192.168.100.1");
        var hostMac = HostMac(lab);
        await using var run = WorkerRun.Start(lab, grace: TimeSpan.Zero);
        await run.WaitFor<KernelResynchronised>(e => e.Reason == "start");
        var remote = MacAddress.Parse("02:00:00:00:78:01");
        await run.Apply(DataplaneIntent.RemoteMac(Vni100, remote, VtepA, sticky: false));
        await Poll.Until(() => lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Contains("02:00:00:00:78:01 dst 10.0.0.2 self extern_learn"), "remote MAC installed");

        lab.Vtep.Ip("link", "set", "vxlan100", "down");
        await run.WaitFor<VniStateChanged>(e => e.Vni == Vni100 && e.State is { Usable: false });
        var before = run.Seen.OfType<LocalMacSeen>().Count(e => e.Mac == hostMac);
        lab.Vtep.Ip("link", "set", "vxlan100", "up");
        await run.WaitFor<VniStateChanged>(e => e.Vni == Vni100 && e.State is { Usable: true });
        await run.WaitFor<LocalMacSeen>(e => e.Mac == hostMac && run.Seen.OfType<LocalMacSeen>().Count(s => s.Mac == hostMac) > before);

        // Re-created with another ifindex, enslaved to its bridge only later.
        lab.Vtep.Ip("link", "del", "vxlan100");
        await run.WaitFor<VniStateChanged>(e => e.Vni == Vni100 && e.State is null);
        lab.Vtep.Ip("link", "add", "vxlan100", "type", "vxlan", "id", "100", "local", VxlanLab.LocalVtep.ToString(), "dstport", "4789", "nolearning");
        lab.Vtep.Ip("link", "set", "vxlan100", "up");
        var outside = await run.WaitFor<VniStateChanged>(e => e.Vni == Vni100 && e.State is not null);
        Assert.That(outside.State!.Usable, Is.False, "in no bridge yet");
        before = run.Seen.OfType<LocalMacSeen>().Count(e => e.Mac == hostMac);
        lab.Vtep.Ip("link", "set", "vxlan100", "master", "br0");
        await run.WaitFor<LocalMacSeen>(e => e.Mac == hostMac && run.Seen.OfType<LocalMacSeen>().Count(s => s.Mac == hostMac) > before);
        await Poll.Until(() => lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Contains("02:00:00:00:78:01 dst 10.0.0.2 self extern_learn"), "remote MAC installed on the re-created device");
        Assert.That(run.Seen.OfType<ProgrammingFailed>(), Is.Empty);
    }

    [Test]
    public async Task AVxlanDeviceDeletedUnderAHundredThousandRemoteMacsCostsNoFailurePerEntry()
    {
        const int count = 100_000;
        using var lab = new VxlanLab("w4");
        await using var run = WorkerRun.Start(lab, grace: TimeSpan.Zero);
        await run.WaitFor<KernelResynchronised>(e => e.Reason == "start");
        var intents = Enumerable.Range(0, count).Select(i => DataplaneIntent.RemoteMac(Vni100, new MacAddress(0x0200_0010_0000UL + (ulong)i), VtepA, sticky: false));
        foreach (var chunk in intents.Chunk(4096))
        {
            await run.Apply(chunk);
        }

        await Poll.Until(() => CountRemoteMacs(lab) == count, $"{count} remote MACs installed", seconds: 120);

        lab.Vtep.Ip("link", "del", "vxlan100");
        await run.WaitFor<VniStateChanged>(e => e.Vni == Vni100 && e.State is null, seconds: 60);
        // A withdrawal afterwards is not sent to a device that is gone either.
        await run.Apply(DataplaneIntent.RemoteMacGone(Vni100, new MacAddress(0x0200_0010_0000UL)));
        await run.CompleteAsync();

        Assert.That(run.Seen.OfType<ProgrammingFailed>(), Is.Empty, "no refusal per entry of a deleted device");
        Assert.That(run.Seen.OfType<VniStateChanged>().Count(e => e.Vni == Vni100 && e.State is null), Is.EqualTo(1), "one event (one log line) for the device");
    }

    [Test]
    public async Task DesiredStateCompleteRemovesWhatNobodyWantsBeforeTheGracePeriodEndsAndRewritesNothingElse()
    {
        using var lab = new VxlanLab("w5");
        var state = Directory.CreateTempSubdirectory($"evk-{Environment.ProcessId}-worker-").FullName;
        try
        {
            var kept = MacAddress.Parse("02:00:00:00:79:01");
            var gone = MacAddress.Parse("02:00:00:00:79:02");
            await using (var first = WorkerRun.Start(lab, state: state))
            {
                await first.Apply(DataplaneIntent.FloodVtep(Vni100, VtepA), DataplaneIntent.RemoteMac(Vni100, kept, VtepA, false), DataplaneIntent.RemoteMac(Vni100, gone, VtepA, false));
                await Poll.Until(() => CountRemoteMacs(lab) == 2, "two remote MACs installed");
                await first.CompleteAsync();
            }

            // While the worker is down, an operator deletes the MAC that will be wanted again.
            lab.Vtep.Bridge("fdb", "del", kept.ToString(), "dev", "vxlan100", "master");
            lab.Vtep.Bridge("fdb", "del", kept.ToString(), "dev", "vxlan100", "dst", "10.0.0.2", "self");

            // A restart with an hour of grace: the RIB relearns one MAC and the flood VTEP, then says it is done.
            await using var second = WorkerRun.Start(lab, grace: TimeSpan.FromHours(1), state: state);
            var start = await second.WaitFor<KernelResynchronised>(e => e.Reason == "start");
            Assert.That(start.Result.KeptForGrace, Is.EqualTo(3));
            await second.Apply(DataplaneIntent.FloodVtep(Vni100, VtepA), DataplaneIntent.RemoteMac(Vni100, kept, VtepA, false));
            await second.Post(new DesiredStateComplete());

            var complete = await second.WaitFor<KernelResynchronised>(e => e.Reason == "desired state complete");
            Assert.That((complete.Result.Added, complete.Result.Replaced, complete.Result.Removed), Is.EqualTo((0, 0, 1)));
            // The start took the record for the kernel; once converged, the worker looks the
            // recorded MACs up in the background and puts back the one deleted while it was down.
            await Poll.Until(() => CountRemoteMacs(lab) == 1, "the MAC deleted while the worker was down put back");
            var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
            Assert.That(shown, Does.Contain($"{kept} dst 10.0.0.2 self extern_learn").And.Contain("00:00:00:00:00:00 dst 10.0.0.2"));
            Assert.That(shown, Does.Not.Contain(gone.ToString()));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public async Task ALargeWithdrawalWaitsForTheMonitorInsteadOfOverrunningIt()
    {
        // 20,000 withdrawals echo 40,000 deletion notifications (the monitor must see them, a hand
        // deletion looks the same) into a 512 KB receive buffer that holds about a thousand.
        const int count = 20_000;
        using var lab = new VxlanLab("w2");
        await using var run = WorkerRun.Start(lab, receiveBufferBytes: 512 * 1024);
        var macs = Enumerable.Range(0, count).Select(i => new MacAddress(0x0200_0001_0000UL + (ulong)i)).ToList();
        await run.WaitFor<KernelResynchronised>(e => e.Reason == "start");
        foreach (var chunk in macs.Chunk(1024))
        {
            await run.Apply([.. chunk.Select(m => DataplaneIntent.RemoteMac(Vni100, m, VtepA, sticky: false))]);
        }

        await Poll.Until(() => CountRemoteMacs(lab) == count, $"{count} remote MACs installed", seconds: 60);
        foreach (var chunk in macs.Chunk(1024))
        {
            await run.Apply([.. chunk.Select(m => DataplaneIntent.RemoteMacGone(Vni100, m))]);
        }

        await run.CompleteAsync();
        Assert.That(CountRemoteMacs(lab), Is.Zero);
        Assert.That(run.Seen.OfType<KernelOverrun>(), Is.Empty, "our own deletions overran the monitor");
        Assert.That(run.Seen.OfType<KernelResynchronised>().Select(e => e.Reason), Is.EqualTo(new[] { "start" }));
    }

    [Test]
    public async Task InspectionCountsWhatIsOwnedAndShowsAHandDeletionUntilItIsPutBack()
    {
        using var lab = new VxlanLab("w6");
        await using var run = WorkerRun.Start(lab, grace: TimeSpan.FromMinutes(5));
        await run.WaitFor<KernelResynchronised>(e => e.Reason == "start");
        var macs = new[] { MacAddress.Parse("02:00:00:00:7a:01"), MacAddress.Parse("02:00:00:00:7a:02") };
        var host = IpAddressValue.Parse("192.168.100.77");
        await run.Apply(DataplaneIntent.FloodVtep(Vni100, VtepA), DataplaneIntent.RemoteMac(Vni100, macs[0], VtepA, sticky: false),
            DataplaneIntent.RemoteMac(Vni100, macs[1], VtepA, sticky: false), DataplaneIntent.Neighbor(Vni100, host, macs[0], router: false),
            // A VNI no device carries: its entry waits.
            DataplaneIntent.RemoteMac(new Vni(200), macs[0], VtepA, sticky: false));
        await Poll.Until(() => CountRemoteMacs(lab) == 2, "two remote MACs installed");

        var all = await run.Inspect(null, withEntries: false);
        var vni100 = all.Vnis.Single(v => v.Vni == Vni100);
        Assert.That((vni100.Device, vni100.Bridge, vni100.Usable), Is.EqualTo(("vxlan100", "br0", true)));
        Assert.That(vni100.Owned, Is.EqualTo(new KernelEntryCounts(1, 2, 1)));
        Assert.That(vni100.Wanted, Is.EqualTo(new KernelEntryCounts(1, 2, 1)));
        Assert.That(vni100.Differences, Is.Empty);
        Assert.That(vni100.Entries, Is.Null, "entries only when asked for");
        var vni200 = all.Vnis.Single(v => v.Vni == new Vni(200));
        Assert.That((vni200.Device, vni200.Usable, vni200.Drift.Waiting), Is.EqualTo(((string?)null, false, 1)));
        Assert.That(all.GraceOver, Is.False);

        var one = await run.Inspect(Vni100, withEntries: true);
        Assert.That(one.Vnis.Select(v => v.Vni), Is.EqualTo(new[] { Vni100 }));
        Assert.That(one.Vnis[0].Entries!.Select(e => (e.Type, e.State, e.Mac?.ToString(), e.Address.ToString())), Is.EquivalentTo(new (KernelEntryType, KernelEntryState, string?, string)[]
        {
            (KernelEntryType.Flood, KernelEntryState.Installed, null, "10.0.0.2"),
            (KernelEntryType.Mac, KernelEntryState.Installed, "02:00:00:00:7a:01", "10.0.0.2"),
            (KernelEntryType.Mac, KernelEntryState.Installed, "02:00:00:00:7a:02", "10.0.0.2"),
            (KernelEntryType.Neighbor, KernelEntryState.Installed, "02:00:00:00:7a:01", "192.168.100.77"),
        }));

        // Deleted behind the worker's back: reported as missing (or already pending again), then
        // put back, and the inspection agrees with the kernel once more.
        lab.Vtep.Bridge("fdb", "del", macs[1].ToString(), "dev", "vxlan100", "master");
        lab.Vtep.Bridge("fdb", "del", macs[1].ToString(), "dev", "vxlan100", "self");
        await Poll.Until(() => CountRemoteMacs(lab) == 2, "hand-deleted remote MAC put back");
        KernelVniInspection? after = null;
        await Poll.Until(async () => (after = (await run.Inspect(Vni100, withEntries: false)).Vnis[0]).Drift.Total == 0, "no drift once repaired");
        Assert.That(after!.Owned, Is.EqualTo(new KernelEntryCounts(1, 2, 1)));

        // Pointed elsewhere by hand: no event says so, the inspection does.
        lab.Vtep.Bridge("fdb", "replace", macs[1].ToString(), "dev", "vxlan100", "dst", "10.0.0.9", "self", "extern_learn");
        var moved = (await run.Inspect(Vni100, withEntries: false)).Vnis[0];
        Assert.That(moved.Differences, Is.EqualTo(new[] { new KernelEntry(KernelEntryType.Mac, KernelEntryState.Different, macs[1], IPAddress.Parse("10.0.0.2")) }));
        Assert.That(moved.Drift, Is.EqualTo(new KernelDriftCounts(0, 0, 0, 0, 1, 0)));
        await run.Apply(DataplaneIntent.RemoteMac(Vni100, macs[1], IpAddressValue.Parse("10.0.0.3"), sticky: false));
        await Poll.Until(() => lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Contains("02:00:00:00:7a:02 dst 10.0.0.3 self extern_learn"), "moved MAC reprogrammed");

        // No longer wanted but kept for the grace period: extra.
        await run.Apply(DataplaneIntent.RemoteMacGone(Vni100, macs[0]));
        await Poll.Until(() => lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Split('\n').Count(l => l.Contains("extern_learn") && l.Contains(" dst ")) == 1, "withdrawn MAC removed");
        var withdrawn = (await run.Inspect(Vni100, withEntries: false)).Vnis[0];
        Assert.That((withdrawn.Owned.Macs, withdrawn.Wanted.Macs, withdrawn.Drift.Total), Is.EqualTo((1, 1, 0)));
        Assert.That(run.Seen.OfType<ProgrammingFailed>(), Is.Empty);
    }

    [Test]
    public async Task AnOverrunIsAnsweredFromTheRecordAndAMacDeletedAmongTheLostEventsIsFoundByLookups()
    {
        using var lab = new VxlanLab("w7");
        await using var run = WorkerRun.Start(lab, grace: TimeSpan.Zero, receiveBufferBytes: 1);
        await run.WaitFor<KernelResynchronised>(e => e.Reason == "start");
        var macs = Enumerable.Range(0, 50).Select(i => new MacAddress(0x0200_0000_7b00UL + (ulong)i)).ToArray();
        await run.Apply([.. macs.Select(m => DataplaneIntent.RemoteMac(Vni100, m, VtepA, sticky: false))]);
        await Poll.Until(() => CountRemoteMacs(lab) == 50, "50 remote MACs installed");

        // An operator's burst of 10,000 static entries overruns the monitor; one of our MACs is
        // deleted in the middle of it, its notification most likely among those lost.
        var lines = Enumerable.Range(0, 10_000).Select(i => $"fdb add {new MacAddress(0x0200_0e00_0000UL + (ulong)i)} dev vxlan100 dst 10.0.0.9 self static").ToList();
        lines.Insert(5000, $"fdb del {macs[3]} dev vxlan100 master");
        lines.Insert(5001, $"fdb del {macs[3]} dev vxlan100 self");
        var batch = Path.Combine(Path.GetTempPath(), $"evk-{Environment.ProcessId}-burst.txt");
        try
        {
            File.WriteAllLines(batch, lines);
            lab.Vtep.Bridge("-batch", batch);
        }
        finally
        {
            File.Delete(batch);
        }

        await run.WaitFor<KernelResynchronised>(e => e.Reason == "overrun");
        await Poll.Until(() => CountRemoteMacs(lab) == 50, "the MAC deleted among the lost events put back");
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown.Split('\n').Count(l => l.Contains("dst 10.0.0.9 self static")), Is.EqualTo(10_000), "the operator's entries left alone");
        Assert.That(run.Seen.OfType<ProgrammingFailed>(), Is.Empty);
    }

    private static MacAddress HostMac(VxlanLab lab) =>
        MacAddress.Parse(lab.Host!.Ip("-br", "link", "show", "eth0").Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);

    private static int CountRemoteMacs(VxlanLab lab) =>
        lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Split('\n').Count(l => l.Contains("dst 10.0.0.2 self extern_learn"));
}
