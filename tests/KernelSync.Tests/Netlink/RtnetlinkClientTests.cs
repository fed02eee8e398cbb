using System.Net;
using Evpnd.KernelSync.Netlink;
using Evpnd.KernelSync.Tests.Lab;

namespace Evpnd.KernelSync.Tests.Netlink;

[TestFixture]
[NonParallelizable]
public sealed class RtnetlinkClientTests
{
    private static readonly IPAddress RemoteA = IPAddress.Parse("10.0.0.2");
    private static readonly IPAddress RemoteB = IPAddress.Parse("10.0.0.3");
    private static readonly MacAddress Mac = MacAddress.Parse("02:aa:bb:cc:dd:01");

    [Test]
    public void DiscoversTheVxlanDeviceWithVniLocalPortAndMaster()
    {
        using var lab = new VxlanLab("dl");
        using var client = lab.OpenClient();

        var links = client.DumpLinks();

        var vxlan = links.Single(l => l.Name == "vxlan100");
        Assert.That(vxlan.Ifindex, Is.EqualTo(lab.VxlanIfindex));
        Assert.That(vxlan.Vxlan, Is.EqualTo(new VxlanAttributes(100, VxlanLab.LocalVtep, 4789, Learning: false, CollectMetadata: false)));
        Assert.That(vxlan.MasterIfindex, Is.EqualTo(lab.BridgeIfindex));
        Assert.That(vxlan.AdminUp, Is.True);
        var bridge = links.Single(l => l.Name == "br0");
        Assert.That(bridge.Bridge, Is.EqualTo(new BridgeAttributes(VlanFiltering: false)));
        Assert.That(links.Single(l => l.Name == "vh0").MasterIfindex, Is.EqualTo(lab.BridgeIfindex));
    }

    [Test]
    public void DiscoversAnIpv6VtepOnANonStandardPortWithLearning()
    {
        using var lab = new VxlanLab("d6");
        lab.Vtep.Ip("link", "add", "vx6", "type", "vxlan", "id", "16777215", "local", "fd00::1", "dstport", "8472", "learning");
        using var client = lab.OpenClient();

        var vx6 = client.DumpLinks().Single(l => l.Name == "vx6");

        Assert.That(vx6.Vxlan, Is.EqualTo(new VxlanAttributes(16777215, IPAddress.Parse("fd00::1"), 8472, Learning: true, CollectMetadata: false)));
        Assert.That(vx6.MasterIfindex, Is.Zero);
        Assert.That(vx6.AdminUp, Is.False);
    }

    [Test]
    public void ASingleVxlanDeviceKeepsFloodListsAndMacsPerSourceVni()
    {
        using var lab = new VxlanLab("sv");
        lab.Vtep.Ip("link", "add", "vxlan0", "type", "vxlan", "dstport", "4789", "local", "10.0.0.1", "external", "vnifilter", "nolearning");
        lab.Vtep.Bridge("vni", "add", "dev", "vxlan0", "vni", "100");
        lab.Vtep.Bridge("vni", "add", "dev", "vxlan0", "vni", "200");
        using var client = lab.OpenClient();
        var device = client.DumpLinks().Single(l => l.Name == "vxlan0");
        Assert.That((device.Vxlan!.CollectMetadata, device.Vxlan.VniFilter), Is.EqualTo((true, true)));

        client.AddFloodEntry(new FloodEntry(device.Ifindex, RemoteA, SourceVni: 100));
        client.AddFloodEntry(new FloodEntry(device.Ifindex, RemoteB, SourceVni: 200));
        // Not enslaved: the kernel applies only the VXLAN (self) half.
        client.ReplaceRemoteMac(new RemoteMacEntry(device.Ifindex, BridgeIfindex: 0, Mac, RemoteB, SourceVni: 200));

        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan0");
        Assert.That(shown, Does.Contain("00:00:00:00:00:00 dst 10.0.0.2 src_vni 100 self permanent"));
        Assert.That(shown, Does.Contain("00:00:00:00:00:00 dst 10.0.0.3 src_vni 200 self permanent"));
        Assert.That(shown, Does.Contain("02:aa:bb:cc:dd:01 dst 10.0.0.3 src_vni 200 self extern_learn"));
        var dumped = client.DumpFdb(device.Ifindex);
        Assert.That(dumped.Where(r => r.Mac == MacAddress.Zero).Select(r => (r.SourceVni, r.Destination)), Is.EquivalentTo(new[] { (100u, RemoteA), (200u, RemoteB) }));
        Assert.That(dumped.Single(r => r.Mac == Mac).SourceVni, Is.EqualTo(200u));

        Assert.That(client.DeleteFloodEntry(new FloodEntry(device.Ifindex, RemoteA, SourceVni: 100)), Is.True);
        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan0"), Does.Not.Contain("src_vni 100"));
    }

    [Test]
    public void FloodEntriesAreAppendedPerVtepAndRemovedOneByOne()
    {
        using var lab = new VxlanLab("fl");
        using var client = lab.OpenClient();

        client.AddFloodEntry(new FloodEntry(lab.VxlanIfindex, RemoteA));
        client.AddFloodEntry(new FloodEntry(lab.VxlanIfindex, RemoteB));

        var flood = client.DumpFdb(lab.VxlanIfindex).Where(r => r.Mac == MacAddress.Zero).ToList();
        Assert.That(flood.Select(r => r.Destination), Is.EquivalentTo(new[] { RemoteA, RemoteB }));
        Assert.That(flood.All(r => r.IsPermanent && r.Flags.HasFlag(NeighborFlags.Self)), Is.True);
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown, Does.Contain("00:00:00:00:00:00 dst 10.0.0.2 self permanent"));
        Assert.That(shown, Does.Contain("00:00:00:00:00:00 dst 10.0.0.3 self permanent"));

        Assert.That(client.DeleteFloodEntry(new FloodEntry(lab.VxlanIfindex, RemoteA)), Is.True);
        // While other VTEPs remain, the VXLAN driver accepts removing an absent one silently.
        Assert.That(() => client.DeleteFloodEntry(new FloodEntry(lab.VxlanIfindex, RemoteA)), Throws.Nothing);

        shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown, Does.Not.Contain("dst 10.0.0.2"));
        Assert.That(shown, Does.Contain("00:00:00:00:00:00 dst 10.0.0.3 self permanent"));
        Assert.That(client.DumpFdb(lab.VxlanIfindex).Where(r => r.Mac == MacAddress.Zero).Select(r => r.Destination), Is.EqualTo(new[] { RemoteB }));

        Assert.That(client.DeleteFloodEntry(new FloodEntry(lab.VxlanIfindex, RemoteB)), Is.True);
        Assert.That(client.DeleteFloodEntry(new FloodEntry(lab.VxlanIfindex, RemoteB)), Is.False, "the all-zero entry is gone");
        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100"), Does.Not.Contain("00:00:00:00:00:00"));
    }

    [Test]
    public void RemoteMacIsInstalledOnBridgeAndVxlanMovedAndRemoved()
    {
        using var lab = new VxlanLab("rm");
        using var client = lab.OpenClient();
        var entry = new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, Mac, RemoteA);

        client.ReplaceRemoteMac(entry);

        var records = client.DumpFdb(lab.VxlanIfindex).Where(r => r.Mac == Mac).ToList();
        var vxlanHalf = records.Single(r => r.Flags.HasFlag(NeighborFlags.Self));
        Assert.That(vxlanHalf.Destination, Is.EqualTo(RemoteA));
        Assert.That(vxlanHalf.IsExternallyLearned, Is.True);
        var bridgeHalf = records.Single(r => r.MasterIfindex == lab.BridgeIfindex);
        Assert.That(bridgeHalf.IsExternallyLearned, Is.True);
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown, Does.Contain("02:aa:bb:cc:dd:01 dst 10.0.0.2 self extern_learn"));
        Assert.That(shown, Does.Contain("02:aa:bb:cc:dd:01 extern_learn master br0"));

        // The MAC moves to another VTEP: the same request with CREATE|REPLACE updates it.
        client.ReplaceRemoteMac(entry with { RemoteVtep = RemoteB });
        shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100");
        Assert.That(shown, Does.Contain("02:aa:bb:cc:dd:01 dst 10.0.0.3 self extern_learn"));
        Assert.That(shown, Does.Not.Contain("dst 10.0.0.2"));

        Assert.That(client.DeleteRemoteMac(entry), Is.True);
        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100"), Does.Not.Contain("02:aa:bb:cc:dd:01"));
        Assert.That(client.DumpFdb(lab.VxlanIfindex).Any(r => r.Mac == Mac), Is.False);
        Assert.That(client.DeleteRemoteMac(entry), Is.False);
    }

    [Test]
    public void DeletingARemoteMacWhoseBridgeHalfIsGoneStillRemovesTheVxlanHalf()
    {
        using var lab = new VxlanLab("rh");
        using var client = lab.OpenClient();
        var entry = new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, Mac, RemoteA);
        client.ReplaceRemoteMac(entry);
        lab.Vtep.Bridge("fdb", "del", Mac.ToString(), "dev", "vxlan100", "master");

        Assert.That(client.DeleteRemoteMac(entry), Is.True);

        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100"), Does.Not.Contain("02:aa:bb:cc:dd:01"));
    }

    [Test]
    public void StickyRemoteMacIsStaticAndSticky()
    {
        using var lab = new VxlanLab("st");
        using var client = lab.OpenClient();
        var entry = new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, Mac, RemoteA, Sticky: true);

        client.ReplaceRemoteMac(entry);

        var bridgeHalf = client.DumpFdb(lab.VxlanIfindex).Single(r => r.Mac == Mac && r.MasterIfindex == lab.BridgeIfindex);
        Assert.That(bridgeHalf.Flags.HasFlag(NeighborFlags.Sticky), Is.True);
        Assert.That(bridgeHalf.State.HasFlag(NeighborStates.NoArp), Is.True);
        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100"), Does.Contain("02:aa:bb:cc:dd:01 sticky master br0 static").And.Contain("02:aa:bb:cc:dd:01 dst 10.0.0.2 self sticky static"));

        Assert.That(client.DeleteRemoteMac(entry), Is.True);
        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100"), Does.Not.Contain("02:aa:bb:cc:dd:01"));
    }

    [TestCase("192.168.100.20")]
    [TestCase("fd00:100::20")]
    public void NeighborEntriesCarryProtocolBgpAndCanBeChangedAndRemoved(string address)
    {
        using var lab = new VxlanLab("nb");
        using var client = lab.OpenClient();
        var ip = IPAddress.Parse(address);
        var entry = new NeighborEntry(lab.BridgeIfindex, IpAddressValue.From(ip), Mac);

        client.ReplaceNeighbor(entry);

        var record = client.DumpNeighbors(lab.BridgeIfindex).Single(r => r.Address.Equals(ip));
        Assert.That(record.Mac, Is.EqualTo(Mac));
        Assert.That(record.Protocol, Is.EqualTo(186));
        Assert.That(record.Flags.HasFlag(NeighborFlags.ExtLearned), Is.True);
        var shown = lab.Vtep.Ip("neigh", "show", "dev", "br0");
        Assert.That(shown, Does.Contain($"{address} lladdr 02:aa:bb:cc:dd:01 extern_learn NOARP proto bgp"));

        var moved = entry with { Mac = MacAddress.Parse("02:aa:bb:cc:dd:02") };
        client.ReplaceNeighbor(moved);
        Assert.That(client.DumpNeighbors(lab.BridgeIfindex).Single(r => r.Address.Equals(ip)).Mac, Is.EqualTo(moved.Mac));
        Assert.That(lab.Vtep.Ip("neigh", "show", "dev", "br0"), Does.Contain($"{address} lladdr 02:aa:bb:cc:dd:02"));

        Assert.That(client.DeleteNeighbor(moved), Is.True);
        Assert.That(client.DumpNeighbors(lab.BridgeIfindex).Any(r => r.Address.Equals(ip)), Is.False);
        Assert.That(lab.Vtep.Ip("neigh", "show", "dev", "br0"), Does.Not.Contain(address));
    }

    [Test]
    public void KernelErrorsCarryErrnoAndExtendedAckText()
    {
        using var lab = new VxlanLab("er");
        using var client = lab.OpenClient();

        var error = Assert.Throws<NetlinkException>(() => client.ReplaceRemoteMac(new RemoteMacEntry(99999, lab.BridgeIfindex, Mac, RemoteA)));

        Assert.That(error!.Errno, Is.EqualTo(19), "ENODEV for a missing ifindex");
        Assert.That(error.ExtendedAck, Is.Not.Null.And.Not.Empty);
        Assert.That(error.Message, Does.Contain(error.ExtendedAck));
        TestContext.Out.WriteLine(error.Message);
    }
}
