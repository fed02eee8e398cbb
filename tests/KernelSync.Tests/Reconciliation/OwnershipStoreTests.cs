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
        store.Macs[RemoteMacKey.Of(mac)] = mac;
        store.Save(links);

        // vxlan200 was deleted and ifindex 6 now belongs to another device: its FDB is gone.
        links[6] = Link(6, "vxlan999");
        var reloaded = new OwnershipStore(_directory);
        reloaded.Load(links);

        Assert.That(reloaded.Flood, Is.EquivalentTo(new[] { new FloodEntry(5, IPAddress.Parse("10.0.0.2")) }));
        Assert.That(reloaded.Macs.Values, Is.EquivalentTo(new[] { mac }));
        Assert.That(Directory.GetFiles(_directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "kernel-ownership.txt" }), "no temporary file left behind");
    }

    [Test]
    public void NoRecordMeansNothingIsOurs()
    {
        var store = new OwnershipStore(_directory);

        store.Load(new Dictionary<int, LinkRecord> { [5] = Link(5, "vxlan100") });

        Assert.That(store.Flood.Count + store.Macs.Count, Is.Zero);
    }

    private static LinkRecord Link(int ifindex, string name) =>
        new(ifindex, name, "vxlan", 2, true, true, null, new VxlanAttributes(100, null, 4789, false, false), null);
}
