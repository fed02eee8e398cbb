using System.Diagnostics;
using System.Net;
using Evpnd.KernelSync.Tests.Lab;

namespace Evpnd.KernelSync.Tests.Reconciliation;

[TestFixture]
[NonParallelizable]
public sealed class KernelReconcilerTests
{
    private static readonly IPAddress VtepA = IPAddress.Parse("10.0.0.2");
    private static readonly IPAddress VtepB = IPAddress.Parse("10.0.0.3");
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private string _stateDirectory = null!;

    [SetUp]
    public void CreateStateDirectory() =>
        _stateDirectory = Directory.CreateTempSubdirectory($"evk-{Environment.ProcessId}-state-").FullName;

    [TearDown]
    public void RemoveStateDirectory() => Directory.Delete(_stateDirectory, recursive: true);

    [Test]
    public void InstallsWhatIsWantedAndRecordsItDurably()
    {
        using var lab = new VxlanLab("r0");
        using var client = lab.OpenClient();
        using var reconciler = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), Grace);
        var macs = Macs(lab, 10, VtepA);

        reconciler.SetDesired([new FloodEntry(lab.VxlanIfindex, VtepA), new FloodEntry(lab.VxlanIfindex, VtepB)], macs);
        var result = reconciler.Reconcile();

        Assert.That((result.Added, result.Removed, result.Failures.Count), Is.EqualTo((12, 0, 0)));
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown, Does.Contain("00:00:00:00:00:00 dst 10.0.0.3 self permanent"));
        Assert.That(shown.Split('\n').Count(l => l.Contains("dst 10.0.0.2 self extern_learn")), Is.EqualTo(10));
        var record = File.ReadAllLines(Path.Combine(_stateDirectory, "kernel-ownership.txt"));
        Assert.That(record, Does.Contain($"flood {lab.VxlanIfindex} vxlan100 10.0.0.3 0"));
        Assert.That(record.Count(l => l.StartsWith("mac ", StringComparison.Ordinal)), Is.EqualTo(10));
    }

    [Test]
    public void AHandDeletedOrChangedEntryIsPutBack()
    {
        using var lab = new VxlanLab("r1");
        using var client = lab.OpenClient();
        using var reconciler = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), Grace);
        var macs = Macs(lab, 3, VtepA);
        reconciler.SetDesired([new FloodEntry(lab.VxlanIfindex, VtepA)], macs);
        reconciler.Reconcile();

        lab.Vtep.Bridge("fdb", "del", "00:00:00:00:00:00", "dev", "vxlan100", "dst", "10.0.0.2", "self");
        lab.Vtep.Bridge("fdb", "del", macs[0].Mac.ToString(), "dev", "vxlan100", "master");
        lab.Vtep.Bridge("fdb", "replace", macs[1].Mac.ToString(), "dev", "vxlan100", "dst", "10.9.9.9", "self", "extern_learn");
        var result = reconciler.Reconcile();

        Assert.That((result.Added, result.Replaced), Is.EqualTo((1, 2)));
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown, Does.Contain("00:00:00:00:00:00 dst 10.0.0.2 self permanent"));
        Assert.That(shown, Does.Contain($"{macs[0].Mac} extern_learn master br0"));
        Assert.That(shown, Does.Contain($"{macs[1].Mac} dst 10.0.0.2 self extern_learn"));
        Assert.That(shown, Does.Not.Contain("10.9.9.9"));
    }

    [Test]
    public void ForeignStaticEntriesAreNeverTouchedAndNotReportedAsOurs()
    {
        using var lab = new VxlanLab("r2");
        using var client = lab.OpenClient();
        var operatorMac = MacAddress.Parse("02:0e:0e:0e:0e:01");
        lab.Vtep.Bridge("fdb", "append", "00:00:00:00:00:00", "dev", "vxlan100", "dst", "10.0.0.9", "self", "permanent");
        lab.Vtep.Bridge("fdb", "add", operatorMac.ToString(), "dev", "vxlan100", "dst", "10.0.0.9", "self", "static");
        lab.Vtep.Bridge("fdb", "add", operatorMac.ToString(), "dev", "vxlan100", "master", "static");
        using var reconciler = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), TimeSpan.Zero);

        // The RIB wants the operator's MAC elsewhere and a flood list without 10.0.0.9.
        reconciler.SetDesired(
            [new FloodEntry(lab.VxlanIfindex, VtepA)],
            [new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, operatorMac, VtepA)]);
        var result = reconciler.Reconcile();

        Assert.That((result.Added, result.Removed, result.Foreign), Is.EqualTo((1, 0, 1)));
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown, Does.Contain("00:00:00:00:00:00 dst 10.0.0.9 self permanent"));
        Assert.That(shown, Does.Contain($"{operatorMac} dst 10.0.0.9 self static"));
        var dumped = client.DumpFdb(lab.VxlanIfindex);
        var foreignFlood = dumped.Single(r => r.Mac == MacAddress.Zero && r.Destination!.Equals(IPAddress.Parse("10.0.0.9")));
        var ourFlood = dumped.Single(r => r.Mac == MacAddress.Zero && r.Destination!.Equals(VtepA));
        Assert.That(reconciler.IsOwned(foreignFlood), Is.False);
        Assert.That(reconciler.IsOwned(ourFlood), Is.True);
        Assert.That(reconciler.IsOwned(dumped.First(r => r.Mac == operatorMac)), Is.False);

        reconciler.SetDesired([], []);
        reconciler.Reconcile();
        shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown, Does.Not.Contain("dst 10.0.0.2"));
        Assert.That(shown, Does.Contain("00:00:00:00:00:00 dst 10.0.0.9 self permanent"));
        Assert.That(shown, Does.Contain($"{operatorMac} dst 10.0.0.9 self static"));
    }

    [Test]
    public void ASecondProcessKeepsWhatIsStillWantedAndWaitsOutTheGracePeriodForTheRest()
    {
        using var lab = new VxlanLab("r3");
        using var client = lab.OpenClient();
        var macs = Macs(lab, 20, VtepA);
        using var first = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), Grace);
        first.SetDesired([new FloodEntry(lab.VxlanIfindex, VtepA)], macs);
        first.Reconcile();

        // A restart: a new reconciler over the same record; the RIB has relearned half so far.
        var clock = new ManualTimeProvider();
        using var second = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), Grace, clock);
        second.SetDesired([], macs.Take(10));
        var during = second.Reconcile();

        Assert.That((during.Added, during.Replaced, during.Removed, during.KeptForGrace), Is.EqualTo((0, 0, 0, 11)));
        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Split('\n').Count(l => l.Contains("self extern_learn")), Is.EqualTo(20));

        clock.Advance(Grace + TimeSpan.FromSeconds(1));
        var after = second.Reconcile();

        Assert.That(after.Removed, Is.EqualTo(11));
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown.Split('\n').Count(l => l.Contains("self extern_learn")), Is.EqualTo(10));
        Assert.That(shown, Does.Not.Contain("00:00:00:00:00:00"));
    }

    [Test]
    public void ARestartWithTheSameRoutesSendsOnlyTheDifference()
    {
        using var lab = new VxlanLab("r9");
        using var client = lab.OpenClient();
        var macs = Macs(lab, 20, VtepA);
        RunAndStop(lab, client, macs);

        // While the daemon was down, an operator deleted one of its MACs by hand.
        DeleteByHand(lab, macs[19]);
        using var second = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), Grace);
        second.Reconcile();
        // The RIB hands over its table again after its End-of-RIB: 18 MACs as before, one moved,
        // the hand-deleted one wanted again; one new MAC; the flood entry as before.
        second.AddFloodEntry(new FloodEntry(lab.VxlanIfindex, VtepA));
        foreach (var mac in macs.Take(18))
        {
            second.UpsertRemoteMac(mac);
        }

        second.UpsertRemoteMac(macs[18] with { RemoteVtep = VtepB });
        second.UpsertRemoteMac(macs[19]);
        var added = new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, MacAddress.Parse("02:00:00:00:30:01"), VtepA);
        second.UpsertRemoteMac(added);
        Assert.That(second.Flush(), Is.Empty);
        second.EndGrace();
        var final = second.Reconcile();

        Assert.That(second.SentSinceStart, Is.EqualTo(new KernelChangeCounts(Added: 2, Replaced: 1, Removed: 0, Unchanged: 19)),
            "the moved MAC rewritten, the hand-deleted one and the new one added; the flood entry and 18 MACs not sent again");
        Assert.That((final.Added, final.Replaced, final.Removed), Is.EqualTo((0, 0, 0)), "nothing left for the full pass to fix");
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown.Split('\n').Count(l => l.Contains("dst 10.0.0.2 self extern_learn")), Is.EqualTo(20));
        Assert.That(shown, Does.Contain($"{macs[18].Mac} dst 10.0.0.3 self extern_learn"));
        Assert.That(shown, Does.Contain($"{macs[19].Mac} dst 10.0.0.2 self extern_learn"));
        Assert.That(shown, Does.Contain("00:00:00:00:00:00 dst 10.0.0.2 self permanent"));
    }

    [Test]
    public void AStartFromAnIntactRecordTakesItForTheKernelAndLooksUpOnlyTheMacsItLacks()
    {
        using var lab = new VxlanLab("ra");
        using var client = lab.OpenClient();
        var macs = Macs(lab, 20, VtepA);
        RunAndStop(lab, client, macs);

        // While the daemon was down, an operator pinned a MAC that a peer will announce.
        var pinned = MacAddress.Parse("02:0e:0e:0e:0e:02");
        lab.Vtep.Bridge("fdb", "add", pinned.ToString(), "dev", "vxlan100", "dst", "10.0.0.9", "self", "static");
        lab.Vtep.Bridge("fdb", "add", pinned.ToString(), "dev", "vxlan100", "master", "static");
        using var second = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), Grace);
        var start = second.ReconcileAtStart();
        Assert.That((start.Added, start.Removed, start.KeptForGrace), Is.EqualTo((0, 0, 21)), "everything recorded is kept while the RIB is relearned");

        // The RIB hands over its table again: 18 MACs as before, one moved, the pinned MAC and a
        // new one; the 20th is no longer announced.
        second.AddFloodEntry(new FloodEntry(lab.VxlanIfindex, VtepA));
        foreach (var mac in macs.Take(18))
        {
            second.UpsertRemoteMac(mac);
        }

        second.UpsertRemoteMac(macs[18] with { RemoteVtep = VtepB });
        second.UpsertRemoteMac(new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, pinned, VtepA));
        var added = new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, MacAddress.Parse("02:00:00:00:30:02"), VtepA);
        second.UpsertRemoteMac(added);
        Assert.That(second.Flush(), Is.Empty);
        second.EndGrace();
        var final = second.ReconcileFromRecord();

        Assert.That((final.Added, final.Replaced, final.Removed, final.Foreign), Is.EqualTo((0, 0, 1, 1)), "the MAC no longer announced removed; the operator's pinned MAC left alone");
        Assert.That(second.SentSinceStart, Is.EqualTo(new KernelChangeCounts(Added: 1, Replaced: 1, Removed: 1, Unchanged: 19)),
            "the new MAC, the moved one and the one gone; the flood entry and 18 MACs not sent again");
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown, Does.Contain($"{pinned} dst 10.0.0.9 self static"), "an operator's entry made while we were down stays theirs");
        Assert.That(shown, Does.Contain($"{added.Mac} dst 10.0.0.2 self extern_learn"));
        Assert.That(shown, Does.Contain($"{macs[18].Mac} dst 10.0.0.3 self extern_learn"));
        Assert.That(shown, Does.Not.Contain(macs[19].Mac.ToString()));
        Assert.That(shown.Split('\n').Count(l => l.Contains("dst 10.0.0.2 self extern_learn")), Is.EqualTo(19));
        Assert.That(second.IsOwned(client.DumpFdb(lab.VxlanIfindex).First(r => r.Mac == pinned)), Is.False);
    }

    [Test]
    public void AfterAStartFromTheRecordItsMacsAreLookedUpAndOneDeletedWhileWeWereDownIsPutBack()
    {
        using var lab = new VxlanLab("rb");
        using var client = lab.OpenClient();
        var macs = Macs(lab, 20, VtepA);
        RunAndStop(lab, client, macs);

        // While the daemon was down, an operator deleted one of its MACs and re-pointed another.
        DeleteByHand(lab, macs[5]);
        lab.Vtep.Bridge("fdb", "replace", macs[6].Mac.ToString(), "dev", "vxlan100", "dst", "10.9.9.9", "self", "extern_learn");
        using var second = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), Grace);
        second.ReconcileAtStart();
        second.AddFloodEntry(new FloodEntry(lab.VxlanIfindex, VtepA));
        foreach (var mac in macs)
        {
            second.UpsertRemoteMac(mac);
        }

        second.EndGrace();
        second.ReconcileFromRecord();
        Assert.That(second.SentSinceStart, Is.EqualTo(new KernelChangeCounts(0, 0, 0, 21)), "the record is taken for the kernel: nothing sent at the start");
        Assert.That(second.UnverifiedMacs, Is.EqualTo(20));

        var queued = second.VerifyRecorded(8) + second.VerifyRecorded(100);
        Assert.That(second.Flush(), Is.Empty);

        Assert.That((queued, second.UnverifiedMacs), Is.EqualTo((2, 0)), "the deleted and the re-pointed MAC, found by lookups");
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown.Split('\n').Count(l => l.Contains("dst 10.0.0.2 self extern_learn")), Is.EqualTo(20));
        Assert.That(shown, Does.Contain($"{macs[5].Mac} extern_learn master br0"));
        Assert.That(shown, Does.Not.Contain("10.9.9.9"));
    }

    [Test]
    public async Task AfterAnOverrunAFullResyncConvergesToTheWantedState()
    {
        using var lab = new VxlanLab("r4");
        using var client = lab.OpenClient();
        using var monitor = KernelMonitor.Open(lab.Vtep.Name, receiveBufferBytes: 1);
        using var reconciler = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), TimeSpan.Zero);
        var macs = Macs(lab, 2000, VtepA);
        reconciler.SetDesired([new FloodEntry(lab.VxlanIfindex, VtepA)], macs);
        reconciler.Reconcile();
        // Hand deletions lost among the burst's notifications.
        lab.Vtep.Bridge("fdb", "del", macs[7].Mac.ToString(), "dev", "vxlan100", "self");
        lab.Vtep.Bridge("fdb", "del", macs[8].Mac.ToString(), "dev", "vxlan100", "master");

        await using (var events = new EventCollector(monitor))
        {
            await events.WaitFor<KernelOverrun>(_ => true, "overrun");
        }

        var result = reconciler.Reconcile();

        Assert.That(result.Replaced, Is.EqualTo(2));
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Split('\n');
        Assert.That(shown.Count(l => l.Contains("dst 10.0.0.2 self extern_learn")), Is.EqualTo(2000));
        Assert.That(shown.Count(l => l.Contains("extern_learn master br0")), Is.EqualTo(2000));
    }

    [Test]
    public void NeighboursOfOursAreTrackedByProtocolAndOperatorOnesLeftAlone()
    {
        using var lab = new VxlanLab("r5");
        using var client = lab.OpenClient();
        lab.Vtep.Ip("neigh", "add", "192.168.100.50", "lladdr", "02:0e:00:00:00:50", "dev", "br0", "nud", "permanent");
        using var reconciler = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), TimeSpan.Zero);
        var wanted = new[]
        {
            new NeighborEntry(lab.BridgeIfindex, IpAddressValue.Parse("192.168.100.20"), MacAddress.Parse("02:00:00:00:00:20")),
            new NeighborEntry(lab.BridgeIfindex, IpAddressValue.Parse("fd00:100::20"), MacAddress.Parse("02:00:00:00:00:20")),
            new NeighborEntry(lab.BridgeIfindex, IpAddressValue.Parse("192.168.100.50"), MacAddress.Parse("02:00:00:00:00:50")),
        };

        reconciler.SetDesired([], [], wanted);
        var result = reconciler.Reconcile();

        Assert.That((result.Added, result.Foreign), Is.EqualTo((2, 1)));
        var shown = lab.Vtep.Ip("neigh", "show", "dev", "br0");
        Assert.That(shown, Does.Contain("192.168.100.20 lladdr 02:00:00:00:00:20 extern_learn NOARP proto bgp"));
        Assert.That(shown, Does.Contain("fd00:100::20 lladdr 02:00:00:00:00:20 extern_learn NOARP proto bgp"));
        Assert.That(shown, Does.Contain("192.168.100.50 lladdr 02:0e:00:00:00:50 PERMANENT"));

        lab.Vtep.Ip("neigh", "del", "192.168.100.20", "dev", "br0");
        Assert.That(reconciler.Reconcile().Added, Is.EqualTo(1), "a hand-deleted neighbour comes back");

        reconciler.SetDesired([], []);
        var emptied = reconciler.Reconcile();

        Assert.That(emptied.Removed, Is.EqualTo(2));
        shown = lab.Vtep.Ip("neigh", "show", "dev", "br0");
        Assert.That(shown, Does.Not.Contain("proto bgp"));
        Assert.That(shown, Does.Contain("192.168.100.50 lladdr 02:0e:00:00:00:50 PERMANENT"));
    }

    [Test]
    public void IncrementalDeltasProgramMovesAndWithdrawalsAndKeepTheRecord()
    {
        using var lab = new VxlanLab("r6");
        using var client = lab.OpenClient();
        var operatorMac = MacAddress.Parse("02:0e:0e:0e:0e:02");
        lab.Vtep.Bridge("fdb", "add", operatorMac.ToString(), "dev", "vxlan100", "dst", "10.0.0.9", "self", "static");
        using var reconciler = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), Grace);
        reconciler.Reconcile();
        var macs = Macs(lab, 5, VtepA);

        reconciler.AddFloodEntry(new FloodEntry(lab.VxlanIfindex, VtepA));
        macs.ForEach(m => reconciler.UpsertRemoteMac(m));
        Assert.That(reconciler.Flush(), Is.Empty);
        reconciler.UpsertRemoteMac(macs[0] with { RemoteVtep = VtepB });
        reconciler.WithdrawRemoteMac(macs[1]);
        reconciler.WithdrawRemoteMac(macs[2]);
        Assert.That(reconciler.Flush(), Is.Empty);

        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown, Does.Contain($"{macs[0].Mac} dst 10.0.0.3 self extern_learn"));
        Assert.That(shown, Does.Not.Contain(macs[1].Mac.ToString()).And.Not.Contain(macs[2].Mac.ToString()));
        Assert.That(shown, Does.Contain($"{macs[3].Mac} dst 10.0.0.2 self extern_learn"));
        Assert.That(reconciler.OwnedFdbEntries, Is.EqualTo(4));
        // What a restart would read now (snapshot + journal, no clean stop in between).
        var record = new OwnershipStore(_stateDirectory);
        record.Load(client.DumpLinks().ToDictionary(l => l.Ifindex));
        Assert.That(record.MacEntries, Is.EquivalentTo(new[] { macs[0] with { RemoteVtep = VtepB }, macs[3], macs[4] }));
        Assert.That(record.Flood, Is.EquivalentTo(new[] { new FloodEntry(lab.VxlanIfindex, VtepA) }));

        // The RIB also wants the operator's MAC: seen as foreign at the last full pass, it stays.
        reconciler.SetDesired([new FloodEntry(lab.VxlanIfindex, VtepA)], [.. macs.Skip(3), macs[0] with { RemoteVtep = VtepB }]);
        reconciler.Reconcile();
        reconciler.UpsertRemoteMac(new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, operatorMac, VtepA));
        reconciler.Flush();
        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100"), Does.Contain($"{operatorMac} dst 10.0.0.9 self static"));
    }

    [Test]
    public void FlushesInFlightEndInOrderAndARefusedInstallRetriedLaterIsJudgedByTheRetry()
    {
        using var lab = new VxlanLab("r7");
        using var client = lab.OpenClient();
        using var writer = lab.OpenClient();
        // VNI 200's device is deleted after the link table saw it: its installs are refused (ENODEV)
        // until the table hears of it, the race a real device deletion has.
        lab.Vtep.Ip("link", "add", "br1", "type", "bridge");
        lab.Vtep.Ip("link", "add", "vxlan200", "type", "vxlan", "id", "200", "local", VxlanLab.LocalVtep.ToString(), "dstport", "4789", "nolearning");
        lab.Vtep.Ip("link", "set", "vxlan200", "master", "br1");
        lab.Vtep.Ip("link", "set", "br1", "up");
        lab.Vtep.Ip("link", "set", "vxlan200", "up");
        using var reconciler = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), Grace, writer: writer);
        lab.Vtep.Ip("link", "del", "vxlan200");
        var good = Macs(lab, 1, VtepA)[0];
        var missing = MacAddress.Parse("02:00:00:00:99:01");
        reconciler.Apply(DataplaneIntent.RemoteMac(new Vni(200), missing, IpAddressValue.From(VtepA), sticky: false));
        var first = reconciler.BeginFlush()!;
        reconciler.Apply(DataplaneIntent.RemoteMac(new Vni(200), missing, IpAddressValue.From(VtepA), sticky: true));
        reconciler.UpsertRemoteMac(good);
        var second = reconciler.BeginFlush()!;
        Assert.Throws<InvalidOperationException>(() => reconciler.EndFlush(second), "ends before the first one");
        Assert.Throws<InvalidOperationException>(() => reconciler.Flush(), "a synchronous flush while two are under way");

        // The first one sent from another thread, as the worker's sender does.
        Task.Run(() => reconciler.Transmit(first)).Wait();
        Assert.That(reconciler.EndFlush(first).Single().Errno, Is.EqualTo(19));
        Assert.That(reconciler.OwnedFdbEntries, Is.EqualTo(2), "still recorded: the retry in the second flush decides");

        reconciler.Transmit(second);
        Assert.That(reconciler.EndFlush(second).Single().Errno, Is.EqualTo(19));
        Assert.That(reconciler.OwnedFdbEntries, Is.EqualTo(1), "refused twice: only the installed MAC is ours");
        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100"), Does.Contain($"{good.Mac} dst 10.0.0.2 self extern_learn"));
        Assert.That(reconciler.BeginFlush(), Is.Null, "nothing left queued");
    }

    [Test]
    public void InstalledRemoteMacsAreReportedWithTheirReceiveTimeOncePerRunAndRefusedOnesNot()
    {
        using var lab = new VxlanLab("r9");
        using var client = lab.OpenClient();
        lab.Vtep.Ip("link", "add", "br1", "type", "bridge");
        lab.Vtep.Ip("link", "add", "vxlan200", "type", "vxlan", "id", "200", "local", VxlanLab.LocalVtep.ToString(), "dstport", "4789", "nolearning");
        lab.Vtep.Ip("link", "set", "vxlan200", "master", "br1");
        lab.Vtep.Ip("link", "set", "br1", "up");
        lab.Vtep.Ip("link", "set", "vxlan200", "up");
        using var reconciler = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), Grace);
        // Its installs are refused (ENODEV): not installed, not counted.
        lab.Vtep.Ip("link", "del", "vxlan200");
        var reports = new List<(TimeSpan Latency, int Count)>();
        reconciler.RemoteMacsInstalled = (latency, count) => reports.Add((latency, count));
        var macs = Macs(lab, 7, VtepA);
        // Received an hour "ago": the reported latency includes it.
        var early = Stopwatch.GetTimestamp() - Stopwatch.Frequency * 3600;
        var late = Stopwatch.GetTimestamp();

        reconciler.MarkReceived(early);
        reconciler.AddFloodEntry(new FloodEntry(lab.VxlanIfindex, VtepA));
        macs.Take(3).ToList().ForEach(m => reconciler.UpsertRemoteMac(m));
        reconciler.Apply(DataplaneIntent.RemoteMac(new Vni(200), MacAddress.Parse("02:00:00:00:99:01"), IpAddressValue.From(VtepA), sticky: false));
        reconciler.MarkReceived(0);
        reconciler.UpsertRemoteMac(macs[3]);
        reconciler.MarkReceived(late);
        reconciler.UpsertRemoteMac(macs[4]);
        reconciler.UpsertRemoteMac(macs[5]);
        var first = reconciler.BeginFlush()!;
        // The run goes on into the next flush.
        reconciler.UpsertRemoteMac(macs[6]);
        reconciler.MarkReceived(0);
        var second = reconciler.BeginFlush()!;
        reconciler.Transmit(first);
        Assert.That(reconciler.EndFlush(first).Single().Errno, Is.EqualTo(19));
        reconciler.Transmit(second);
        Assert.That(reconciler.EndFlush(second), Is.Empty);

        Assert.That(reports.Select(r => r.Count), Is.EqualTo(new[] { 3, 2, 1 }), "the runs of installed MACs: no flood entry, no refused or unstamped MAC");
        Assert.That(reports[0].Latency, Is.GreaterThanOrEqualTo(TimeSpan.FromHours(1)));
        Assert.That(reports.Skip(1).Select(r => r.Latency), Is.All.LessThan(TimeSpan.FromHours(1)).And.All.GreaterThanOrEqualTo(TimeSpan.Zero));
        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Split('\n').Count(l => l.Contains("dst 10.0.0.2 self extern_learn")), Is.EqualTo(7));
    }

    [Test]
    public void ADamagedRecordIsSetAsideAndOurExternLearnedEntriesAreAdoptedInsteadOfFailingTheStart()
    {
        // Fails on main: MacAddress.Parse threw in the constructor, evpnd exited, and systemd
        // restarted it into the same failure.
        using var lab = new VxlanLab("r8");
        using var client = lab.OpenClient();
        var wanted = MacAddress.Parse("02:00:00:00:88:01");
        var leaked = MacAddress.Parse("02:00:00:00:88:02");
        foreach (var mac in new[] { wanted, leaked })
        {
            lab.Vtep.Bridge("fdb", "add", mac.ToString(), "dev", "vxlan100", "dst", "10.0.0.2", "self", "extern_learn");
            lab.Vtep.Bridge("fdb", "add", mac.ToString(), "dev", "vxlan100", "master", "extern_learn");
        }

        var path = Path.Combine(_stateDirectory, "kernel-ownership.txt");
        File.WriteAllText(path,
            "# evpnd KernelSync ownership v1 generation 3\n"
            + $"mac {lab.VxlanIfindex} vxlan100 {lab.BridgeIfindex} 02:00:00:00:88:zz 0 10.0.0.2 0 0\n"
            + "\u0000\u0000\u0000garbage\n");
        var store = new OwnershipStore(_stateDirectory);
        using var reconciler = LabIntents.Reconciler(client, store, TimeSpan.Zero);

        Assert.That(store.DamagedLines, Is.EqualTo(2));
        Assert.That(File.Exists(path), Is.False, "the damaged record is not read again");
        Assert.That(File.Exists(store.SetAsidePath), Is.True, "kept for a post-mortem");

        reconciler.SetDesired([], [new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, wanted, VtepA)]);
        var result = reconciler.Reconcile();

        Assert.That((result.Added, result.Replaced, result.Removed), Is.EqualTo((0, 0, 1)), "the wanted MAC adopted as it is, the other one removed");
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown, Does.Contain($"{wanted} dst 10.0.0.2 self extern_learn"));
        Assert.That(shown, Does.Not.Contain(leaked.ToString()));
        Assert.That(File.ReadAllLines(path).Count(l => l.StartsWith("mac ", StringComparison.Ordinal)), Is.EqualTo(1), "a clean record again");
    }

    /// <summary>A first run of the daemon: the flood entry and <paramref name="macs"/> installed and recorded, then stopped.</summary>
    private void RunAndStop(VxlanLab lab, Evpnd.KernelSync.Netlink.RtnetlinkClient client, IEnumerable<RemoteMacEntry> macs)
    {
        using var first = LabIntents.Reconciler(client, new OwnershipStore(_stateDirectory), Grace);
        first.SetDesired([new FloodEntry(lab.VxlanIfindex, VtepA)], macs);
        first.Reconcile();
    }

    /// <summary>An operator deletes both halves of a remote MAC (VTEP A) by hand.</summary>
    private static void DeleteByHand(VxlanLab lab, RemoteMacEntry mac)
    {
        lab.Vtep.Bridge("fdb", "del", mac.Mac.ToString(), "dev", "vxlan100", "master");
        lab.Vtep.Bridge("fdb", "del", mac.Mac.ToString(), "dev", "vxlan100", "dst", "10.0.0.2", "self");
    }

    private static List<RemoteMacEntry> Macs(VxlanLab lab, int count, IPAddress vtep) =>
        Enumerable.Range(0, count)
            .Select(i => new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, new MacAddress(0x0200_0000_2000UL + (ulong)i), vtep))
            .ToList();
}
