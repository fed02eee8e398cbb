using System.Net;

namespace Evpnd.KernelSync.Tests.Reconciliation;

[TestFixture]
public sealed class OwnershipStoreTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory($"evk-{Environment.ProcessId}-store-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void WhatWasSavedIsLoadedExceptEntriesOfADeviceThatWasReplaced()
    {
        var links = new Dictionary<int, LinkRecord>
        {
            [5] = Link(5, "vxlan100"),
            [6] = Link(6, "vxlan200"),
        };
        var store = new OwnershipStore(_directory);
        var mac = new RemoteMacEntry(5, 2, MacAddress.Parse("02:00:00:00:00:01"), IPAddress.Parse("fd00::2"), Vlan: 10, Sticky: true, SourceVni: 100);
        store.Flood.Add(new FloodEntry(5, IPAddress.Parse("10.0.0.2")));
        store.Flood.Add(new FloodEntry(6, IPAddress.Parse("10.0.0.3")));
        store.Own(mac);
        store.Save(links);

        // vxlan200 was deleted and ifindex 6 now belongs to another device: its FDB is gone.
        links[6] = Link(6, "vxlan999");
        var reloaded = new OwnershipStore(_directory);
        reloaded.Load(links);

        Assert.That(reloaded.Flood, Is.EquivalentTo(new[] { new FloodEntry(5, IPAddress.Parse("10.0.0.2")) }));
        Assert.That(reloaded.MacEntries, Is.EquivalentTo(new[] { mac }));
        Assert.That(Directory.GetFiles(_directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "kernel-ownership.txt" }), "no temporary file left behind");
    }

    [Test]
    public void ALoadedRecordHoldsOneAddressPerVtepNotOnePerMac()
    {
        var links = new Dictionary<int, LinkRecord> { [5] = Link(5, "vxlan100") };
        var store = new OwnershipStore(_directory);
        foreach (var i in Enumerable.Range(0, 100))
        {
            var mac = new RemoteMacEntry(5, 2, new MacAddress(0x0200_0000_0000UL + (ulong)i), IPAddress.Parse(i % 2 == 0 ? "10.0.0.2" : "fd00::3"));
            store.Own(mac);
        }

        store.Save(links);
        store.JournalAdded(new RemoteMacEntry(5, 2, MacAddress.Parse("02:00:00:00:10:01"), IPAddress.Parse("10.0.0.2")), links);
        store.Dispose();

        var reloaded = new OwnershipStore(_directory);
        reloaded.Load(links);

        Assert.That(reloaded.Macs, Has.Count.EqualTo(101));
        // A million MACs behind a few hundred VTEPs: an address object per line would be 40 MB.
        var entries = reloaded.MacEntries.ToList();
        Assert.That(entries.Select(m => m.RemoteVtep).Distinct(ReferenceEqualityComparer.Instance).Count(), Is.EqualTo(2));
        Assert.That(entries.Count(m => m.RemoteVtep.Equals(IPAddress.Parse("fd00::3"))), Is.EqualTo(50));
        Assert.That(reloaded.Vteps.Count, Is.EqualTo(2));
    }

    [Test]
    public void NoRecordMeansNothingIsOurs()
    {
        var store = new OwnershipStore(_directory);

        store.Load(new Dictionary<int, LinkRecord> { [5] = Link(5, "vxlan100") });

        Assert.That(store.Flood.Count + store.Macs.Count, Is.Zero);
    }

    [Test]
    public void JournalledChangesAfterTheSnapshotAreLoadedWithoutAnotherSnapshot()
    {
        var links = new Dictionary<int, LinkRecord> { [5] = Link(5, "vxlan100") };
        var kept = Mac(1, 100);
        var withdrawn = Mac(2, 100);
        var store = new OwnershipStore(_directory);
        store.Own(kept);
        store.Save(links);
        store.JournalAdded(withdrawn, links);
        store.JournalAdded(new FloodEntry(5, IPAddress.Parse("10.0.0.2")), links);
        store.JournalRemoved(kept, links);
        store.JournalAdded(kept with { RemoteVtep = IPAddress.Parse("10.0.0.9") }, links);
        store.JournalRemoved(withdrawn, links);
        store.SyncJournal(toDisk: true);
        // A crash here: no clean stop, no compaction.

        var reloaded = new OwnershipStore(_directory);
        reloaded.Load(links);

        Assert.That(reloaded.MacEntries, Is.EquivalentTo(new[] { kept with { RemoteVtep = IPAddress.Parse("10.0.0.9") } }));
        Assert.That(reloaded.Flood, Is.EquivalentTo(new[] { new FloodEntry(5, IPAddress.Parse("10.0.0.2")) }));
    }

    [Test]
    public void ATornLastJournalLineIsIgnoredAndLaterAppendsAreReadIntact()
    {
        var links = new Dictionary<int, LinkRecord> { [5] = Link(5, "vxlan100") };
        var first = Mac(1, 100);
        var store = new OwnershipStore(_directory);
        store.JournalAdded(first, links);
        store.Dispose();
        // The crash cut "+mac ... 100" to "+mac ... 10": a valid-looking line with the wrong VNI.
        var torn = Mac(2, 100);
        var cutLine = $"+mac 5 vxlan100 2 {torn.Mac} 0 10.0.0.2 0 10";
        File.AppendAllText(store.JournalPath, cutLine);

        var reloaded = new OwnershipStore(_directory);
        reloaded.Load(links);
        Assert.That(reloaded.MacEntries, Is.EquivalentTo(new[] { first }), "the torn line is not an entry");

        var later = Mac(3, 100);
        reloaded.JournalAdded(later, links);
        reloaded.Dispose();
        var again = new OwnershipStore(_directory);
        again.Load(links);

        Assert.That(again.MacEntries, Is.EquivalentTo(new[] { first, later }), "an append after a torn line is not spoilt by it");
    }

    [Test]
    public void AJournalOlderThanTheSnapshotIsNotReplayed()
    {
        var links = new Dictionary<int, LinkRecord> { [5] = Link(5, "vxlan100") };
        var mac = Mac(1, 100);
        var store = new OwnershipStore(_directory);
        store.JournalAdded(mac, links);
        store.JournalRemoved(mac, links);
        store.SyncJournal(toDisk: true);
        var staleJournal = File.ReadAllText(store.JournalPath);
        store.Own(mac);
        store.Save(links);
        // A crash after the snapshot's rename, before the next journal replaced the old one.
        File.WriteAllText(store.JournalPath, staleJournal);

        var reloaded = new OwnershipStore(_directory);
        reloaded.Load(links);

        Assert.That(reloaded.MacEntries, Is.EquivalentTo(new[] { mac }));
    }

    private static RemoteMacEntry Mac(ulong low, uint vni) =>
        new(5, 2, new MacAddress(0x0200_0000_0000UL + low), IPAddress.Parse("10.0.0.2"), SourceVni: vni);

    private static LinkRecord Link(int ifindex, string name) =>
        new(ifindex, name, "vxlan", 2, true, true, null, new VxlanAttributes(100, null, 4789, false, false), null);
}
