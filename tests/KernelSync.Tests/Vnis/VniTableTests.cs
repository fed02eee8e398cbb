using System.Net;
using Evpnd.KernelSync.Netlink;
using static Evpnd.KernelSync.Interop.Interop.IfLink;
using static Evpnd.KernelSync.Interop.Interop.Rtnetlink;

namespace Evpnd.KernelSync.Tests.Vnis;

/// <summary>
/// The VNI table fed RTM_NEWLINK messages as the kernel sends them (ifinfomsg, IFLA_IFNAME,
/// IFLA_MASTER, IFLA_LINKINFO with the kind's IFLA_INFO_DATA). This kernel has no bridge VLAN
/// filtering, so the layouts evpnd must refuse are built here byte for byte.
/// </summary>
[TestFixture]
public sealed class VniTableTests
{
    private static readonly Vni Vni100 = new(100);

    [Test]
    public void AVniOnAVlanAwareBridgeIsRefusedWithWhyAndWhatToDo()
    {
        var table = new VniTable();
        table.Apply(new LinkUpdated(Bridge(5, "br100", vlanFiltering: true)));
        var change = table.Apply(new LinkUpdated(Vxlan(6, "vxlan100", 100, master: 5))).Single();

        Assert.That(change.After!.Usable, Is.False);
        Assert.That(change.After.Unsupported, Does.Contain("br100 filters VLANs (vlan_filtering 1)").And.Contain("vlan_filtering 0"));
        Assert.That(table.TryGetUsableByBridge(5, out _), Is.False, "no MAC learned on that bridge is given a VNI");
    }

    [Test]
    public void AReportOfADeviceAsItWasChangesNoVni()
    {
        // The monitor keeps no link table: every RTM_NEWLINK reaches this one, which tells a
        // report of the same device (a carrier flap elsewhere, an MTU) from a change of its VNI.
        var table = new VniTable();
        table.Apply(new LinkUpdated(Bridge(5, "br0", vlanFiltering: false)));
        Assert.That(table.Apply(new LinkUpdated(Vxlan(6, "vxlan100", 100, master: 5))).Single().BecameUsable, Is.True);

        Assert.That(table.Apply(new LinkUpdated(Vxlan(6, "vxlan100", 100, master: 5))), Is.Empty, "the same device reported again");
        Assert.That(table.Apply(new LinkUpdated(Bridge(5, "br0", vlanFiltering: false))), Is.Empty, "its bridge reported again");
        Assert.That(table.Apply(new LinkUpdated(Vxlan(6, "vxlan100", 100, master: 5, up: false))).Single().After!.Usable, Is.False, "down");
    }

    [Test]
    public void TwoVxlanPortsInOneBridgeRefuseBothVnisInsteadOfTheFirstWinning()
    {
        var table = new VniTable();
        table.Apply(new LinkUpdated(Bridge(5, "br0", vlanFiltering: false)));
        table.Apply(new LinkUpdated(Vxlan(6, "vxlan100", 100, master: 5)));
        Assert.That(table.TryGetUsableByBridge(5, out var alone) && alone.Vni == Vni100, Is.True, "one VXLAN port: usable");

        var changes = table.Apply(new LinkUpdated(Vxlan(7, "vxlan200", 200, master: 5)));

        Assert.That(changes.Select(c => c.Vni.Value), Is.EquivalentTo(new[] { 100u, 200u }));
        Assert.That(changes.All(c => c.After!.Unsupported!.Contains("br0 has 2 VXLAN ports (vxlan100, vxlan200)")), Is.True);
        Assert.That(changes.Single(c => c.Vni == Vni100).PlacementChanged, Is.True, "VNI 100 stops being programmed");
        Assert.That(table.TryGetUsableByBridge(5, out _), Is.False);
    }

    [Test]
    public void ASingleVxlanDeviceWithVnifilterIsReportedNotIgnored()
    {
        var table = new VniTable();
        table.Apply(new LinkUpdated(Bridge(5, "br0", vlanFiltering: false)));
        var changes = table.Apply(new LinkUpdated(Vxlan(6, "vxlan0", 0, master: 5, external: true, vniFilter: true)));

        Assert.That(changes, Is.Empty, "its VNIs are not in the link message");
        Assert.That(table.UnsupportedDevices[6], Does.Contain("vxlan0 is a single VXLAN device (external vnifilter)"));
    }

    [Test]
    public void TheMulticastGroupIsReadAndAUnicastDefaultRemoteIsNotOne()
    {
        var table = new VniTable();
        table.Apply(new LinkUpdated(Bridge(5, "br0", vlanFiltering: false)));
        table.Apply(new LinkUpdated(Bridge(8, "br1", vlanFiltering: false)));
        table.Apply(new LinkUpdated(Vxlan(6, "vxlan100", 100, master: 5, group: IPAddress.Parse("239.1.1.1"))));
        table.Apply(new LinkUpdated(Vxlan(7, "vxlan200", 200, master: 8, group: IPAddress.Parse("10.0.0.9"))));

        Assert.That(table.TryGet(Vni100, out var multicast) && Equals(multicast.MulticastGroup, IPAddress.Parse("239.1.1.1")), Is.True);
        Assert.That(table.TryGet(new Vni(200), out var unicast) && unicast.MulticastGroup is null, Is.True);
    }

    [Test]
    public void ADeviceDownRecreatedOrEnslavedLateChangesWhereTheVnisEntriesBelong()
    {
        var table = new VniTable();
        table.Apply(new LinkUpdated(Bridge(5, "br0", vlanFiltering: false)));
        Assert.That(table.Apply(new LinkUpdated(Vxlan(6, "vxlan100", 100, master: 0))).Single().BecameUsable, Is.False, "in no bridge yet");
        Assert.That(table.Apply(new LinkUpdated(Vxlan(6, "vxlan100", 100, master: 5))).Single().BecameUsable, Is.True, "enslaved late");

        var down = table.Apply(new LinkUpdated(Vxlan(6, "vxlan100", 100, master: 5, up: false))).Single();
        Assert.That((down.PlacementChanged, down.After!.Usable), Is.EqualTo((true, false)));
        Assert.That(table.Apply(new LinkUpdated(Vxlan(6, "vxlan100", 100, master: 5))).Single().BecameUsable, Is.True, "up again");

        table.Apply(new LinkRemoved(Vxlan(6, "vxlan100", 100, master: 5)));
        var recreated = table.Apply(new LinkUpdated(Vxlan(9, "vxlan100", 100, master: 5))).Single();
        Assert.That((recreated.BecameUsable, recreated.After!.DeviceIfindex), Is.EqualTo((true, 9)));
    }

    [Test]
    public void AnEventFromBeforeADeviceWasRemoved_ReadLate_DoesNotBringItBack()
    {
        // Deleting a VXLAN device under 100,000 remote MACs overruns the monitor: the resync dump
        // no longer has the device, and the events queued behind it (a change, then the removal)
        // arrive afterwards. Applied, the change made the VNI come back and go a second time.
        var table = new VniTable();
        var bridge = Bridge(5, "br0", vlanFiltering: false);
        var vxlan = Vxlan(6, "vxlan100", 100, master: 5);
        table.Replace([bridge, vxlan]);

        Assert.That(table.Replace([bridge]).Single().After, Is.Null, "the dump: the device is gone");
        Assert.That(table.Apply(new LinkUpdated(Vxlan(6, "vxlan100", 100, master: 5, up: false))), Is.Empty, "a change from before the removal");
        Assert.That(table.Apply(new LinkRemoved(vxlan)), Is.Empty, "the removal itself, late: nothing changes again");

        var recreated = table.Apply(new LinkUpdated(Vxlan(9, "vxlan100", 100, master: 5))).Single();
        Assert.That(recreated.BecameUsable, Is.True, "re-created with a new ifindex, it is served again");
    }

    private static LinkRecord Bridge(int ifindex, string name, bool vlanFiltering) =>
        Parse(ifindex, name, "bridge", master: 0, up: true, (ref NetlinkMessageWriter w) => w.WriteAttributeUInt8(IFLA_BR_VLAN_FILTERING, vlanFiltering ? (byte)1 : (byte)0));

    private static LinkRecord Vxlan(int ifindex, string name, uint vni, int master, bool up = true, IPAddress? group = null, bool external = false, bool vniFilter = false) =>
        Parse(ifindex, name, "vxlan", master, up, (ref NetlinkMessageWriter w) =>
        {
            w.WriteAttributeUInt32(IFLA_VXLAN_ID, vni);
            if (group is not null)
            {
                w.WriteAttributeAddress(group.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IFLA_VXLAN_GROUP : IFLA_VXLAN_GROUP6, group);
            }

            w.WriteAttributeAddress(IFLA_VXLAN_LOCAL, IPAddress.Parse("10.0.0.1"));
            w.WriteAttributeUInt8(IFLA_VXLAN_LEARNING, 0);
            w.WriteAttributeUInt8(IFLA_VXLAN_COLLECT_METADATA, external ? (byte)1 : (byte)0);
            if (vniFilter)
            {
                w.WriteAttributeUInt8(IFLA_VXLAN_VNIFILTER, 1);
            }
        });

    private delegate void InfoData(ref NetlinkMessageWriter writer);

    /// <summary>An RTM_NEWLINK as the kernel multicasts it on RTNLGRP_LINK, decoded by the daemon's own parser.</summary>
    private static LinkRecord Parse(int ifindex, string name, string kind, int master, bool up, InfoData infoData)
    {
        var buffer = new byte[1024];
        var writer = new NetlinkMessageWriter(buffer);
        writer.BeginMessage(RTM_NEWLINK, 0, 0);
        writer.WriteStruct(new Interop.Interop.ifinfomsg { ifi_index = ifindex, ifi_flags = up ? IFF_UP | IFF_LOWER_UP : 0 });
        writer.WriteAttribute(IFLA_IFNAME, [.. System.Text.Encoding.ASCII.GetBytes(name), 0]);
        if (master != 0)
        {
            writer.WriteAttributeUInt32(IFLA_MASTER, (uint)master);
        }

        using (writer.BeginNested(IFLA_LINKINFO))
        {
            writer.WriteAttribute(IFLA_INFO_KIND, [.. System.Text.Encoding.ASCII.GetBytes(kind), 0]);
            using (writer.BeginNested(IFLA_INFO_DATA))
            {
                infoData(ref writer);
            }
        }

        writer.EndMessage();
        var reader = new NetlinkMessageReader(buffer.AsSpan(0, writer.Length));
        Assert.That(reader.TryRead(out var message), Is.True);
        return LinkMessages.Parse(message);
    }
}
