using System.Runtime.InteropServices;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// What is still to be sent to one peer for one family (RustyBGP's PendingTx, OpenBGPD's
/// per-peer update queue): the routes whose state at the peer may differ from the Loc-RIB, in
/// the order they changed, and the markers (End-of-RIB, BoRR, EoRR) between them. Owned by the
/// RIB worker's thread alone; the peer's connection never touches it (see
/// <see cref="RibWorker"/> for the hand-over).
/// </summary>
/// <remarks>
/// <para>
/// Keyed by route, not by change: a route is queued at most once however often it changes, and
/// what goes out is decided when it is taken for packing, from the Loc-RIB as it is then. So a
/// newer change replaces an unsent older one, a withdrawal cancels an unsent announcement (the
/// route has nothing to export and the peer never had it: nothing is sent), and an announcement
/// after an unsent withdrawal replaces it. Memory is bounded by the number of routes, not by the
/// churn: one dictionary entry and one queue slot per changed route.
/// </para>
/// <para>
/// A table dump (a peer coming up, a ROUTE-REFRESH) queues every route without a dictionary
/// entry, 8 bytes a route: it sends the current state, never a withdrawal. A route changed while
/// its dump slot waits gets a change slot as well; whichever is taken first sends the state of
/// that moment and the other one then sends the same again, which is harmless.
/// </para>
/// <para>
/// Whether the peer holds an advertisement of a changed route is recorded when the change is
/// first queued: until the route is taken, what the peer holds does not change. Before the
/// initial dump is complete that is not known, and it is taken to be true (a withdrawal the peer
/// did not need is harmless; a missing one is not).
/// </para>
/// </remarks>
internal sealed class AdjRibOutPending
{
    private const int TrimAbove = 4096;

    // Value: the peer held an advertisement of the route when its change was first queued.
    private readonly Dictionary<RibEntry, bool> _changed = new(ReferenceEqualityComparer.Instance);
    // RibEntry (a change slot when it is in _changed, else a dump slot) or OutboundMarker.
    private readonly Queue<object> _order = new();
    private int _markers;

    public AdjRibOutPending(AfiSafi family, RibTable? table)
    {
        Family = family;
        Table = table;
    }

    public AfiSafi Family { get; }

    /// <summary>The family's Loc-RIB; null for a negotiated family the RIB does not keep (only End-of-RIB goes out).</summary>
    public RibTable? Table { get; }

    /// <summary>Routes taken from the queue and not yet packed into a buffer.</summary>
    public OutboundBatch Batch { get; } = new();

    /// <summary>End-of-RIB went out: from now on what the peer holds is known exactly.</summary>
    public bool InitialDumpDone { get; set; }

    /// <summary>A re-advertisement is queued and has not begun: another ROUTE-REFRESH adds nothing.</summary>
    public bool RefreshQueued { get; set; }

    /// <summary>Routes waiting: queued slots and routes in the batch.</summary>
    public int RouteCount => _order.Count - _markers + Batch.RouteCount;

    public bool IsEmpty => _order.Count == 0 && Batch.IsEmpty;

    /// <summary>The route has a change queued (it must stay in the table until it was taken, even without a path).</summary>
    public bool HasChange(RibEntry entry) => _changed.ContainsKey(entry);

    /// <summary>The routes with a change queued.</summary>
    public IEnumerable<RibEntry> ChangedEntries => _changed.Keys;

    /// <summary>Queues a change of the route unless one is queued already (that one keeps what the peer held).</summary>
    public void RecordChange(RibEntry entry, bool peerHoldsRoute)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_changed, entry, out bool exists);
        if (!exists)
        {
            slot = peerHoldsRoute;
            _order.Enqueue(entry);
        }
    }

    /// <summary>Queues a route of a table dump: its current state is sent when it is taken.</summary>
    public void EnqueueDump(RibEntry entry) => _order.Enqueue(entry);

    public void EnqueueMarker(OutboundMarker marker)
    {
        _order.Enqueue(marker);
        _markers++;
    }

    /// <summary>The next slot: a <see cref="RibEntry"/>, an <see cref="OutboundMarker"/>, or null when nothing is queued.</summary>
    public object? Peek() => _order.TryPeek(out var next) ? next : null;

    /// <summary>Takes the next slot, a route: <paramref name="change"/> when it was a change, with what the peer held.</summary>
    public RibEntry TakeRoute(out bool change, out bool peerHoldsRoute)
    {
        var entry = (RibEntry)_order.Dequeue();
        change = _changed.Remove(entry, out peerHoldsRoute);
        Trim();
        return entry;
    }

    public OutboundMarker TakeMarker()
    {
        var marker = (OutboundMarker)_order.Dequeue();
        _markers--;
        Trim();
        return marker;
    }

    /// <summary>
    /// Moves the marker at the head behind the routes queued after it (a held End-of-RIB: what
    /// was queued while it waited belongs to the table it ends); false when only markers follow.
    /// </summary>
    public bool MoveHeadMarkerBack()
    {
        if (_order.Count == _markers)
        {
            return false;
        }
        _order.Enqueue(_order.Dequeue());
        return true;
    }

    /// <summary>
    /// Moves a queued End-of-RIB behind every route queued so far (once, when a held End-of-RIB is
    /// released: the routes queued while it waited belong to the table it ends).
    /// </summary>
    public void MoveEndOfRibBack()
    {
        OutboundMarker? endOfRib = null;
        for (int i = _order.Count; i > 0; i--)
        {
            var slot = _order.Dequeue();
            if (endOfRib is null && slot is OutboundMarker { Kind: OutboundMarkerKind.EndOfRib } marker)
            {
                endOfRib = marker;
                continue;
            }
            _order.Enqueue(slot);
        }
        if (endOfRib is not null)
        {
            _order.Enqueue(endOfRib);
        }
    }

    /// <summary>Drops everything (the peer went down): the memory goes with it.</summary>
    public void Clear()
    {
        _changed.Clear();
        _order.Clear();
        _markers = 0;
        Batch.Clear();
        Trim();
    }

    /// <summary>A dump of a million routes must not keep its arrays for the rest of the session.</summary>
    private void Trim()
    {
        if (_order.Count == 0 && _order.EnsureCapacity(0) > TrimAbove)
        {
            _order.TrimExcess();
        }
        if (_changed.Count == 0 && _changed.EnsureCapacity(0) > TrimAbove)
        {
            _changed.TrimExcess();
        }
    }
}
