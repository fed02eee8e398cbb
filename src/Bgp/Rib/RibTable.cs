using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>One family's Loc-RIB: every route by key, each with all its paths.</summary>
internal sealed class RibTable
{
    private readonly HashSet<RibEntry> _entries;
    private readonly HashSet<RibEntry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly byte[] _key;

    public RibTable(IRibFamily descriptor)
    {
        Descriptor = descriptor;
        _entries = new HashSet<RibEntry>(new RibEntryComparer(descriptor));
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
        _key = new byte[descriptor.MaxKeyLength];
    }

    public IRibFamily Descriptor { get; }

    public AfiSafi Family => Descriptor.Family;

    public int Count => _entries.Count;

    public HashSet<RibEntry> Entries => _entries;

    /// <summary>Entries added so far: a walk of <see cref="Entries"/> kept across changes is valid while this stays (removals keep it valid).</summary>
    public long Additions { get; private set; }

    /// <summary>The entry for this NLRI's key, without allocating.</summary>
    public RibEntry? Find(ReadOnlySpan<byte> nlri)
    {
        int length = Descriptor.WriteKey(nlri, _key);
        return _lookup.TryGetValue(_key.AsSpan(0, length), out var entry) ? entry : null;
    }

    /// <summary>Adds a new entry whose key NLRI is <paramref name="nlri"/> (no entry for that key may exist).</summary>
    public RibEntry Add(ReadOnlySpan<byte> nlri)
    {
        var entry = new RibEntry(nlri);
        _entries.Add(entry);
        Additions++;
        return entry;
    }

    /// <summary>
    /// Removes the entry if it is the one the table holds for its key (the comparer matches by key:
    /// a newer entry for the same route must not go in its place).
    /// </summary>
    public void RemoveIfPresent(RibEntry entry)
    {
        if (_lookup.TryGetValue(_key.AsSpan(0, Descriptor.WriteKey(entry.NlriSpan, _key)), out var held) && held == entry)
        {
            _entries.Remove(entry);
        }
    }
}
