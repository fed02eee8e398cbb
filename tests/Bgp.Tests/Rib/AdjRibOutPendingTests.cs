using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>The pending set on its own: one slot per route, markers in order, nothing left after a clear.</summary>
public sealed class AdjRibOutPendingTests
{
    [Test]
    public void ARouteChangedTwice_IsQueuedOnce_AndKeepsWhatThePeerHeldAtTheFirstChange()
    {
        var pending = new AdjRibOutPending(Evpn, null);
        var entry = new RibEntry(Type2(1));

        pending.RecordChange(entry, peerHoldsRoute: true);
        pending.RecordChange(entry, peerHoldsRoute: false);

        Assert.That(pending.RouteCount, Is.EqualTo(1));
        Assert.That(pending.HasChange(entry), Is.True);
        Assert.That(pending.TakeRoute(out bool change, out bool held), Is.SameAs(entry));
        Assert.That((change, held), Is.EqualTo((true, true)));
        Assert.That(pending.IsEmpty, Is.True);
        Assert.That(pending.HasChange(entry), Is.False);
    }

    [Test]
    public void DumpSlotsAndMarkers_KeepTheirOrder_AndOnlyRoutesCount()
    {
        var pending = new AdjRibOutPending(Evpn, null);
        var first = new RibEntry(Type2(1));
        var second = new RibEntry(Type2(2));
        var begin = new OutboundMarker(OutboundMarkerKind.RefreshBegin, Evpn);
        var end = new OutboundMarker(OutboundMarkerKind.RefreshEnd, Evpn);

        pending.EnqueueMarker(begin);
        pending.EnqueueDump(first);
        pending.RecordChange(second, peerHoldsRoute: false);
        pending.EnqueueMarker(end);

        Assert.That(pending.RouteCount, Is.EqualTo(2));
        Assert.That(pending.TakeMarker(), Is.SameAs(begin));
        Assert.That(pending.TakeRoute(out bool change, out _), Is.SameAs(first));
        Assert.That(change, Is.False, "a dump slot is not a change");
        Assert.That(pending.TakeRoute(out change, out _), Is.SameAs(second));
        Assert.That(change, Is.True);
        Assert.That(pending.Peek(), Is.SameAs(end));
    }

    [Test]
    public void Clear_DropsEverything()
    {
        var pending = new AdjRibOutPending(Evpn, null);
        for (int i = 0; i < 10_000; i++)
        {
            pending.RecordChange(new RibEntry(Type2(i)), peerHoldsRoute: false);
        }

        pending.Clear();

        Assert.That(pending.IsEmpty, Is.True);
        Assert.That(pending.RouteCount, Is.Zero);
    }

    [Test]
    public void Markers_WriteEndOfRib_AndBoRREoRROnlyToEnhancedRefreshPeers()
    {
        var buffer = new byte[64];
        Assert.That(new OutboundMarker(OutboundMarkerKind.EndOfRib, Evpn).Write(buffer, enhancedRouteRefresh: false), Is.EqualTo(30));
        Assert.That(new UpdateReader(buffer.AsSpan(0, 30)).IsEndOfRib(out var family) && family == Evpn, Is.True);
        Assert.That(new OutboundMarker(OutboundMarkerKind.RefreshBegin, Evpn).Write(buffer, enhancedRouteRefresh: false), Is.Zero);

        int length = new OutboundMarker(OutboundMarkerKind.RefreshEnd, Evpn).Write(buffer, enhancedRouteRefresh: true);

        Assert.That(BgpMessageCodec.Decode(buffer.AsSpan(0, length)), Is.EqualTo(new RouteRefreshMessage(Evpn, RouteRefreshSubtype.EndOfRouteRefresh)));
    }
}
