namespace Evpnd.Bgp.Rib;

/// <summary>
/// The routes of a session that went down (without Graceful Restart), withdrawn a slice at a
/// time: a session loss then reaches the observers and the kernel at the pace they take it,
/// instead of as a million changes at once. The routes are listed when the session goes down,
/// because the tables change between slices (local routes come and go) and no walk of them can
/// be kept open; a slot is cleared as its route is withdrawn.
/// </summary>
internal sealed class PeerWithdrawal
{
    private readonly List<(RibTable Table, int End)> _tables = [];
    private RibEntry?[] _entries;
    private int _count;
    private int _next;
    private int _table;

    public PeerWithdrawal(RibPeerState state, int expected)
    {
        State = state;
        _entries = new RibEntry?[Math.Max(expected, 16)];
    }

    /// <summary>The session whose paths go; no longer among the worker's peers.</summary>
    public RibPeerState State { get; }

    /// <summary>Routes still to withdraw.</summary>
    public int Remaining => _count - _next;

    /// <summary>Lists the routes of <paramref name="table"/> that hold a path of <see cref="State"/>.</summary>
    public void Add(RibTable table)
    {
        foreach (var entry in table.Entries)
        {
            if (entry.TryGetPath(State, out _, out _))
            {
                if (_count == _entries.Length)
                {
                    Array.Resize(ref _entries, _entries.Length * 2);
                }
                _entries[_count++] = entry;
            }
        }
        _tables.Add((table, _count));
    }

    /// <summary>The next route to withdraw and its table; false when all went.</summary>
    public bool TryTake(out RibTable table, out RibEntry entry)
    {
        if (_next == _count)
        {
            table = null!;
            entry = null!;
            return false;
        }
        while (_tables[_table].End == _next)
        {
            _table++;
        }
        table = _tables[_table].Table;
        entry = _entries[_next]!;
        // The withdrawn route must not be kept alive by this list until the last slice.
        _entries[_next++] = null;
        return true;
    }
}
