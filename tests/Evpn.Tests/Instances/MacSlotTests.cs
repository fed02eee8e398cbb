using System.Runtime.CompilerServices;
using Evpnd.Evpn.Instances;

namespace Evpnd.Evpn.Tests.Instances;

public sealed class MacSlotTests
{
    [Test]
    public void A_slot_is_eight_bytes_so_a_table_entry_is_24()
    {
        // hash code, next, MAC and slot: with a 12-byte slot the entry was padded to 32 bytes.
        Assert.That(Unsafe.SizeOf<MacSlot>(), Is.EqualTo(8));
    }

    [Test]
    public void A_slot_gives_back_the_largest_indices_it_holds_and_refuses_larger_ones()
    {
        const int largest = (1 << 21) - 1;
        var slot = new MacSlot { Path = new RemotePath(largest, largest - 1, largest - 2) };
        Assert.Multiple(() =>
        {
            Assert.That(slot.IsCompact, Is.True);
            Assert.That(slot.Path, Is.EqualTo(new RemotePath(largest, largest - 1, largest - 2)));
            Assert.That(MacSlot.Fits(new RemotePath(largest + 1, 0, 0)), Is.False);
            Assert.That(MacSlot.Fits(new RemotePath(0, largest + 1, 0)), Is.False);
            Assert.That(MacSlot.Fits(new RemotePath(0, 0, largest + 1)), Is.False);
            Assert.That(() => slot.Path = new RemotePath(0, 0, largest + 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });

        slot.Entry = int.MaxValue;
        Assert.Multiple(() =>
        {
            Assert.That(slot.IsCompact, Is.False);
            Assert.That(slot.Entry, Is.EqualTo(int.MaxValue));
        });
    }

    [Test]
    public void A_slot_goes_from_its_one_route_to_a_detailed_entry_and_back()
    {
        var slot = new MacSlot { Path = new RemotePath(Template: 0, Attributes: 7, Source: 3) };
        Assert.Multiple(() =>
        {
            Assert.That(slot.IsCompact, Is.True);
            Assert.That(slot.Entry, Is.Zero);
            Assert.That(slot.Path, Is.EqualTo(new RemotePath(0, 7, 3)));
        });

        slot.Entry = 42;
        Assert.Multiple(() =>
        {
            Assert.That(slot.IsCompact, Is.False);
            Assert.That(slot.Entry, Is.EqualTo(42));
        });

        slot.Entry = 0;
        slot.Path = new RemotePath(Template: 5, Attributes: 1, Source: 2);
        Assert.Multiple(() =>
        {
            Assert.That(slot.IsCompact, Is.True);
            Assert.That(slot.Entry, Is.Zero);
            Assert.That(slot.Path, Is.EqualTo(new RemotePath(5, 1, 2)));
        });
    }

    [Test]
    public void A_new_slot_is_compact_until_it_is_given_an_entry()
    {
        var slot = default(MacSlot);
        Assert.That(slot.IsCompact, Is.True);
        slot.Entry = 1;
        Assert.That(slot.IsCompact, Is.False);
        Assert.That(slot.Entry, Is.EqualTo(1));
    }
}
