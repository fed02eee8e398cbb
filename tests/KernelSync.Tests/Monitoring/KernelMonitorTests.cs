using System.Net;
using Evpnd.KernelSync.Tests.Lab;

namespace Evpnd.KernelSync.Tests.Monitoring;

[TestFixture]
[NonParallelizable]
public sealed class KernelMonitorTests
{
    [Test]
    public async Task InitialDumpReportsTheVxlanDeviceAndItsBridge()
    {
        using var lab = new VxlanLab("m0");
        using var monitor = KernelMonitor.Open(lab.Vtep.Name);
        await using var events = new EventCollector(monitor);

        LinkRecord? vxlan = null;
        LinkRecord? bridge = null;
        await events.WaitFor<LinkUpdated>(e =>
        {
            vxlan = e.Link.IsVxlan ? e.Link : vxlan;
            bridge = e.Link.Ifindex == lab.BridgeIfindex ? e.Link : bridge;
            return vxlan is not null && bridge is not null;
        }, "the VXLAN device and its bridge");

        Assert.That(vxlan!.Vxlan!.Vni, Is.EqualTo(100u));
        Assert.That(vxlan.MasterIfindex, Is.EqualTo(lab.BridgeIfindex));
        Assert.That(bridge!.IsBridge, Is.True);
        Assert.That(monitor.VxlanDevices, Is.EquivalentTo(new[] { lab.VxlanIfindex }));
        // SO_RCVBUFFORCE beats rmem_max; the kernel reports double what was asked.
        Assert.That(monitor.ReceiveBufferSize, Is.GreaterThanOrEqualTo(KernelMonitor.DefaultReceiveBufferBytes));
    }

    [Test]
    public async Task VxlanDeviceAddedChangedAndRemovedBecomeEvents()
    {
        using var lab = new VxlanLab("m1");
        using var monitor = KernelMonitor.Open(lab.Vtep.Name);
        await using var events = new EventCollector(monitor);
        var initial = await events.WaitFor<LinkUpdated>(e => e.Link.Name == "vxlan100", "initial dump");
        Assert.That(initial.Link.AdminUp, Is.True, "up before it is set down");

        lab.Vtep.Ip("link", "add", "vxlan200", "type", "vxlan", "id", "200", "local", "10.0.0.1", "dstport", "4789", "nolearning");
        var added = await events.WaitFor<LinkUpdated>(e => e.Link.Name == "vxlan200", "vxlan200 added");
        Assert.That(added.Link.Vxlan, Is.EqualTo(new VxlanAttributes(200, IPAddress.Parse("10.0.0.1"), 4789, false, false)));
        Assert.That((added.Link.MasterIfindex, added.Link.AdminUp), Is.EqualTo((0, false)), "in no bridge, down");

        lab.Vtep.Ip("link", "set", "vxlan200", "master", "br0");
        var enslaved = await events.WaitFor<LinkUpdated>(e => e.Link.Name == "vxlan200" && e.Link.MasterIfindex == lab.BridgeIfindex, "vxlan200 enslaved");
        Assert.That(enslaved.Link.AdminUp, Is.False);

        lab.Vtep.Ip("link", "set", "vxlan200", "up");
        await events.WaitFor<LinkUpdated>(e => e.Link.Name == "vxlan200" && e.Link.AdminUp, "vxlan200 up");

        lab.Vtep.Ip("link", "set", "vxlan100", "down");
        var down = await events.WaitFor<LinkUpdated>(e => e.Link.Name == "vxlan100" && !e.Link.AdminUp, "vxlan100 down");
        Assert.That(down.Link.OperUp, Is.False);

        lab.Vtep.Ip("link", "set", "vxlan200", "type", "vxlan", "local", "10.0.0.9");
        var moved = await events.WaitFor<LinkUpdated>(e => e.Link.Name == "vxlan200" && e.Link.Vxlan!.Local!.Equals(IPAddress.Parse("10.0.0.9")), "local VTEP change");
        Assert.That(moved.Link.Vxlan!.Vni, Is.EqualTo(200u));
        Assert.That(monitor.VxlanDevices, Does.Contain(moved.Link.Ifindex));

        lab.Vtep.Ip("link", "del", "vxlan200");
        var removed = await events.WaitFor<LinkRemoved>(e => e.Link.Name == "vxlan200", "vxlan200 removed");
        Assert.That(removed.Link.Vxlan!.Vni, Is.EqualTo(200u));
        Assert.That(monitor.VxlanDevices, Does.Not.Contain(removed.Link.Ifindex));
    }

    [Test]
    public async Task AFrameFromAHostBehindTheBridgeIsALocalMacEvent()
    {
        using var lab = new VxlanLab("m2");
        var hostMac = MacAddress.Parse(lab.Host!.Exec("cat", "/sys/class/net/eth0/address").Trim());
        using var monitor = KernelMonitor.Open(lab.Vtep.Name);
        await using var events = new EventCollector(monitor);
        await events.WaitFor<LinkUpdated>(e => e.Link.Name == "vxlan100", "initial dump");

        // eth0 spoke (IPv6 DAD, router solicitation) while the lab was built: forget what the
        // bridge learned then, so that the ping below is what teaches it the MAC.
        lab.Vtep.Ip("link", "set", "vh0", "type", "bridge_slave", "fdb_flush");
        lab.Host.Exec("ping", "-c", "1", "-W", "2", "192.168.100.1");

        var learned = await events.WaitFor<LocalMacLearned>(e => e.Mac == hostMac, $"local MAC {hostMac}");
        Assert.That(learned.PortIfindex, Is.EqualTo(lab.HostPortIfindex));
        Assert.That(learned.BridgeIfindex, Is.EqualTo(lab.BridgeIfindex));
        Assert.That(learned.Static, Is.False);
        var neighbor = await events.WaitFor<NeighborUpdated>(
            e => e.Neighbor.Address.Equals(IPAddress.Parse("192.168.100.10")) && e.Neighbor.Mac == hostMac,
            "the host's ARP entry on the SVI");
        Assert.That(neighbor.Neighbor.Ifindex, Is.EqualTo(lab.BridgeIfindex));

        lab.Vtep.Bridge("fdb", "del", hostMac.ToString(), "dev", "vh0", "master");
        var aged = await events.WaitFor<LocalMacAged>(e => e.Mac == hostMac, "local MAC removal");
        Assert.That(aged.PortIfindex, Is.EqualTo(lab.HostPortIfindex));
    }

    [Test]
    public async Task RemoteEntriesAreNotLocalMacsAndTheirRemovalIsReported()
    {
        using var lab = new VxlanLab("m3");
        using var client = lab.OpenClient();
        using var monitor = KernelMonitor.Open(lab.Vtep.Name);
        await using var events = new EventCollector(monitor);
        await events.WaitFor<LinkUpdated>(e => e.Link.Name == "vxlan100", "initial dump");
        var remote = new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, MacAddress.Parse("02:00:00:00:0a:01"), IPAddress.Parse("10.0.0.2"));
        var local = MacAddress.Parse("02:00:00:00:0b:01");

        client.ReplaceRemoteMac(remote);
        lab.Vtep.Bridge("fdb", "add", local.ToString(), "dev", "vh0", "master", "static");
        var learned = await events.WaitFor<LocalMacLearned>(e => e.Mac == local, "static local MAC");
        lab.Vtep.Bridge("fdb", "del", remote.Mac.ToString(), "dev", "vxlan100", "self");
        await events.WaitFor<RemoteFdbRemovals>(e => e.Entries.ToArray().Any(r => r.Mac == remote.Mac && r.Destination == IpAddressValue.Parse("10.0.0.2")), "hand-deleted remote entry");

        Assert.That(learned.Static, Is.True);
        Assert.That(events.Seen.OfType<LocalMacLearned>().Any(e => e.Mac == remote.Mac), Is.False, "a remote MAC is not a local MAC");
    }

    [Test]
    public async Task EchoesOfRemoteInstallsAreDroppedInTheKernelSoABurstDoesNotOverrun()
    {
        using var lab = new VxlanLab("m5");
        using var client = lab.OpenClient();
        // The same tiny buffer that overflows in the test below, but the monitor is already
        // reading: its filter on vxlan100 keeps the burst's notifications out of the buffer.
        using var monitor = KernelMonitor.Open(lab.Vtep.Name, receiveBufferBytes: 1);
        await using var events = new EventCollector(monitor);
        await events.WaitFor<LinkUpdated>(e => e.Link.Name == "vxlan100", "initial dump");
        var remotes = InstallRemotes(lab, client, 2000);

        var local = MacAddress.Parse("02:00:00:00:0b:02");
        lab.Vtep.Bridge("fdb", "add", local.ToString(), "dev", "vh0", "master", "static");
        await events.WaitFor<LocalMacLearned>(e => e.Mac == local, "local MAC after the burst");
        lab.Vtep.Bridge("fdb", "del", remotes[7].Mac.ToString(), "dev", "vxlan100", "self");
        await events.WaitFor<RemoteFdbRemovals>(e => e.Entries.ToArray().Any(r => r.Mac == remotes[7].Mac), "hand-deleted remote entry (deletions pass the filter)");

        Assert.That(events.Seen.OfType<KernelOverrun>(), Is.Empty);
    }

    [Test]
    public async Task ABurstOfRemovalsIsReportedWhole_BothHalvesOfEveryMac_InAFewEvents()
    {
        using var lab = new VxlanLab("m6");
        using var client = lab.OpenClient();
        using var monitor = KernelMonitor.Open(lab.Vtep.Name);
        await using var events = new EventCollector(monitor);
        await events.WaitFor<LinkUpdated>(e => e.Link.Name == "vxlan100", "initial dump");
        var remotes = InstallRemotes(lab, client, 3000);

        using (var batch = client.CreateBatch())
        {
            remotes.ForEach(r => batch.DeleteRemoteMac(r));
            Assert.That(batch.Flush(), Is.Empty);
        }

        // A marker after the burst: a local MAC, reported after every removal before it.
        var local = MacAddress.Parse("02:00:00:00:0b:03");
        lab.Vtep.Bridge("fdb", "add", local.ToString(), "dev", "vh0", "master", "static");
        await events.WaitFor<LocalMacLearned>(e => e.Mac == local, "local MAC after the burst");

        var removals = events.Seen.OfType<RemoteFdbRemovals>().ToList();
        var entries = removals.SelectMany(r => r.Entries.ToArray()).ToList();
        var vxlanHalves = entries.Where(e => e.Destination == IpAddressValue.Parse("10.0.0.2")).Select(e => e.Mac).ToHashSet();
        var bridgeHalves = entries.Where(e => e.Destination == IpAddressValue.None).Select(e => e.Mac).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(vxlanHalves, Is.EquivalentTo(remotes.Select(r => r.Mac)), "the VXLAN half of every MAC, with its VTEP");
            Assert.That(bridgeHalves, Is.EquivalentTo(remotes.Select(r => r.Mac)), "the bridge half of every MAC");
            Assert.That(entries.All(e => e.Ifindex == lab.VxlanIfindex), Is.True);
            Assert.That(removals, Has.Count.LessThanOrEqualTo(entries.Count / 100), "gathered, not one event per entry");
        });
    }

    [Test]
    public async Task AnOverflowingBurstIsReportedAsAnOverrun()
    {
        using var lab = new VxlanLab("m4");
        using var client = lab.OpenClient();
        // The smallest buffer the kernel grants (it doubles and floors SO_RCVBUF) holds a few
        // notifications; the burst below produces thousands before the monitor reads any.
        using var monitor = KernelMonitor.Open(lab.Vtep.Name, receiveBufferBytes: 1);
        using (var batch = client.CreateBatch())
        {
            for (var i = 0; i < 2000; i++)
            {
                batch.ReplaceRemoteMac(new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, new MacAddress(0x0200_0000_0000UL + (ulong)i), IPAddress.Parse("10.0.0.2")));
            }

            Assert.That(batch.Flush(), Is.Empty);
        }

        await using var events = new EventCollector(monitor);

        await events.WaitFor<KernelOverrun>(_ => true, "overrun after the burst");
        Assert.That(monitor.VxlanDevices, Does.Contain(lab.VxlanIfindex), "links re-read after the overrun");
    }

    /// <summary>Installs <paramref name="count"/> remote MACs behind 10.0.0.2 in one batch.</summary>
    private static List<RemoteMacEntry> InstallRemotes(VxlanLab lab, Evpnd.KernelSync.Netlink.RtnetlinkClient client, int count)
    {
        var remotes = Enumerable.Range(0, count)
            .Select(i => new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, new MacAddress(0x0200_0000_0000UL + (ulong)i), IPAddress.Parse("10.0.0.2")))
            .ToList();
        using var batch = client.CreateBatch();
        remotes.ForEach(r => batch.ReplaceRemoteMac(r));
        Assert.That(batch.Flush(), Is.Empty);
        return remotes;
    }
}
