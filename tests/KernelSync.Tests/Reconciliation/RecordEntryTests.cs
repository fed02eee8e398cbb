using System.Net;
using System.Runtime.CompilerServices;

namespace Evpnd.KernelSync.Tests.Reconciliation;

/// <summary>
/// The ownership record holds one entry per remote MAC the daemon installed, a million at scale:
/// its key and value are packed, and must give back exactly what they were made from.
/// </summary>
public sealed class RecordEntryTests
{
    [Test]
    public void A_record_entry_is_a_16_byte_key_and_an_8_byte_value()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Unsafe.SizeOf<RemoteMacKey>(), Is.EqualTo(16));
            Assert.That(Unsafe.SizeOf<OwnedMac>(), Is.EqualTo(8));
        });
    }

    [Test]
    public void A_key_gives_back_every_bit_of_its_MAC_its_VLAN_and_its_VNI()
    {
        var mac = MacAddress.Parse("ff:ff:ff:ff:ff:fe");
        var key = new RemoteMacKey(7, mac, 4094, 16_777_215);
        Assert.Multiple(() =>
        {
            Assert.That(key.Mac, Is.EqualTo(mac));
            Assert.That(key.Vlan, Is.EqualTo(4094));
            Assert.That(key.SourceVni, Is.EqualTo(16_777_215u));
            Assert.That(key.VxlanIfindex, Is.EqualTo(7));
            Assert.That(key, Is.Not.EqualTo(new RemoteMacKey(7, mac, 4093, 16_777_215)));
            Assert.That(key, Is.Not.EqualTo(new RemoteMacKey(7, MacAddress.Parse("7f:ff:ff:ff:ff:fe"), 4094, 16_777_215)));
        });
    }

    [Test]
    public void An_owned_MAC_gives_back_its_VTEP_sticky_flag_and_bridge()
    {
        var vteps = new VtepTable();
        var sticky = new RemoteMacEntry(5, 2, MacAddress.Parse("02:00:00:00:00:01"), IPAddress.Parse("fd00::3"), 10, Sticky: true, SourceVni: 100);
        var moving = sticky with { RemoteVtep = IPAddress.Parse("10.0.0.2"), Sticky = false, BridgeIfindex = 9 };

        var a = OwnedMac.Of(sticky, vteps);
        var b = OwnedMac.Of(moving, vteps);

        Assert.Multiple(() =>
        {
            Assert.That(a.ToEntry(RemoteMacKey.Of(sticky), vteps), Is.EqualTo(sticky));
            Assert.That(b.ToEntry(RemoteMacKey.Of(moving), vteps), Is.EqualTo(moving));
            Assert.That(a, Is.Not.EqualTo(b));
            Assert.That(a, Is.Not.EqualTo(OwnedMac.Of(sticky with { Sticky = false }, vteps)));
            Assert.That(a, Is.EqualTo(OwnedMac.Of(sticky with { RemoteVtep = IPAddress.Parse("fd00::3") }, vteps)));
            Assert.That(vteps.Count, Is.EqualTo(2));
        });
    }
}
