using Evpnd.Bgp.Rib;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// A route with one path holds its NLRI in its own entry: one object per route, and the changes
/// handed to the observers keep the bytes they were made with.
/// </summary>
public sealed class RibEntryTests
{
    [Test]
    public void A_MAC_route_is_one_72_byte_object()
    {
        var nlri = Type2(1);
        _ = new RibEntry(nlri);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var entry = new RibEntry(nlri);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            // An entry beside an array of its bytes was 32 + 64 bytes.
            Assert.That(allocated, Is.EqualTo(72));
            Assert.That(entry.Nlri.ToArray(), Is.EqualTo(nlri));
        });
    }

    [Test]
    public void An_NLRI_too_long_to_hold_inline_is_kept_whole()
    {
        var nlri = Enumerable.Range(0, RibEntry.InlineCapacity + 15).Select(i => (byte)i).ToArray();
        var entry = new RibEntry(nlri);
        Assert.Multiple(() =>
        {
            Assert.That(entry.Nlri.ToArray(), Is.EqualTo(nlri));
            Assert.That(entry.NlriSpan.ToArray(), Is.EqualTo(nlri));
            Assert.That(entry.OwnNlri.IsEmpty, Is.True);
        });
    }

    [Test]
    public async Task A_change_keeps_the_labels_it_was_made_with_after_the_route_is_replaced()
    {
        await using var rib = new RibWorkerFixture();
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", LocalAs, 0x0A000002));

        await rib.SendAsync(a, Announce(Attributes(), Vtep(2), Type2(1, vni: 100)));
        await rib.SendAsync(a, Announce(Attributes(), Vtep(2), Type2(1, vni: 200)));
        await rib.SendAsync(a, Announce(Attributes(), Vtep(2), Type2(1, vni: 100)));
        await rib.SettleAsync();

        var changes = rib.Observer.Changes.ToList();
        Assert.That(changes.Select(c => (c.Kind, Hex(c.Nlri.ToArray()), Hex(c.PreviousNlri.ToArray()))), Is.EqualTo(new[]
        {
            (BestPathChangeKind.Added, Hex(Type2(1, vni: 100)), ""),
            (BestPathChangeKind.Replaced, Hex(Type2(1, vni: 200)), Hex(Type2(1, vni: 100))),
            (BestPathChangeKind.Replaced, Hex(Type2(1, vni: 100)), Hex(Type2(1, vni: 200))),
        }));
        Assert.That((await rib.LocRibAsync()).Select(r => Hex(r.Nlri.ToArray())), Is.EqualTo(new[] { Hex(Type2(1, vni: 100)) }));
    }
}
