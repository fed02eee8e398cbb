namespace Evpnd.Bgp.Rib;

/// <summary>
/// The routes of a session that went down (without Graceful Restart), withdrawn a slice at a
/// time: a session loss then reaches the observers and the kernel at the pace they take it,
/// instead of as a million changes at once. Each table is walked once, across slices: removing
/// entries keeps a walk of a <see cref="HashSet{T}"/> valid; an entry added between slices (a
/// local route) ends it, and the walk starts again, skipping the routes already withdrawn (they
/// hold no path of the session any more). Nothing is copied per route.
/// </summary>
internal sealed class PeerWithdrawal
{
    private readonly Queue<RibTable> _tables = new();
    private HashSet<RibEntry>.Enumerator _walk;
    private long _additions = -1;

    public PeerWithdrawal(RibPeerState state)
    {
        State = state;
    }

    /// <summary>The session whose paths go; no longer among the worker's peers.</summary>
    public RibPeerState State { get; }

    public bool IsDone => _tables.Count == 0;

    public void Add(RibTable table) => _tables.Enqueue(table);

    /// <summary>The next route that holds a path of <see cref="State"/>, and its table; false when none is left.</summary>
    public bool TryTake(out RibTable table, out RibEntry entry)
    {
        while (_tables.TryPeek(out table!))
        {
            if (_additions != table.Additions)
            {
                _walk = table.Entries.GetEnumerator();
                _additions = table.Additions;
            }
            while (_walk.MoveNext())
            {
                entry = _walk.Current;
                if (entry.TryGetPath(State, out _, out _))
                {
                    return true;
                }
            }
            _tables.Dequeue();
            _additions = -1;
        }
        table = null!;
        entry = null!;
        return false;
    }
}
