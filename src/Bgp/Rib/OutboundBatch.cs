using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// Routes taken from a peer's <see cref="AdjRibOutPending"/> for the next UPDATEs, grouped by
/// outgoing attribute set (BIRD's buckets), and the packing of them into UPDATEs of at most the
/// negotiated size: many NLRI per message (RFC 4271 s4.3, RFC 4760). Withdrawals are written
/// first. Packing is resumable, so a batch larger than one buffer goes out in several.
/// </summary>
internal sealed class OutboundBatch
{
    // Per message: header 19, two length fields 4, MP attribute header 4 and its fixed part 5.
    private const int MessageOverhead = 32;

    private readonly Dictionary<OutboundGroup, List<ReadOnlyMemory<byte>>> _groups = new();
    private readonly Stack<List<ReadOnlyMemory<byte>>> _spareLists = new();
    private readonly List<KeyValuePair<OutboundGroup, List<ReadOnlyMemory<byte>>>> _packing = new();
    private int _group;
    private int _route;

    public bool IsEmpty => _groups.Count == 0 && _packing.Count == 0;

    /// <summary>Routes in the batch not written yet (an estimate once packing began: whole groups count until done).</summary>
    public int RouteCount { get; private set; }

    /// <summary>About how many bytes the batch packs into; a little more when groups span several messages.</summary>
    public int EstimatedBytes { get; private set; }

    public void Announce(AfiSafi family, byte[] attributes, byte[] nextHop, ReadOnlyMemory<byte> nlri) =>
        Add(new OutboundGroup(family, attributes, nextHop), nlri);

    public void Withdraw(AfiSafi family, ReadOnlyMemory<byte> nlri) => Add(new OutboundGroup(family, null, null), nlri);

    private void Add(OutboundGroup group, ReadOnlyMemory<byte> nlri)
    {
        if (_packing.Count > 0)
        {
            throw new InvalidOperationException("Routes are added only to a batch that is not being packed.");
        }
        if (!_groups.TryGetValue(group, out var list))
        {
            list = _spareLists.Count > 0 ? _spareLists.Pop() : new List<ReadOnlyMemory<byte>>();
            _groups.Add(group, list);
            EstimatedBytes += MessageOverhead + (group.Attributes?.Length ?? 0) + (group.NextHop?.Length ?? 0);
        }
        list.Add(nlri);
        EstimatedBytes += nlri.Length;
        RouteCount++;
    }

    /// <summary>
    /// Writes complete UPDATEs back to back into <paramref name="buffer"/> while a message of the
    /// maximum size still fits and returns the bytes written; the batch is empty once all went.
    /// </summary>
    public int Pack(Span<byte> buffer, UpdateCodecOptions options)
    {
        if (_packing.Count == 0)
        {
            Freeze();
        }
        int max = options.EffectiveMaxMessageLength;
        int pos = 0;
        while (_group < _packing.Count && buffer.Length - pos >= max)
        {
            var (group, routes) = _packing[_group];
            var writer = new UpdateWriter(buffer.Slice(pos, max), options);
            if (group.IsWithdrawal)
            {
                writer.BeginMpUnreach(group.Family);
            }
            else
            {
                writer.TryAddAttributes(group.Attributes);
                writer.BeginMpReach(group.Family, group.NextHop);
            }
            while (_route < routes.Count && writer.TryAddMpNlri(routes[_route].Span))
            {
                _route++;
            }
            if (writer.RouteCount == 0)
            {
                throw new InvalidOperationException($"An NLRI of {routes[_route].Length} bytes does not fit an UPDATE under its attributes.");
            }
            pos += writer.Complete().Length;
            if (_route == routes.Count)
            {
                RouteCount -= routes.Count;
                routes.Clear();
                _spareLists.Push(routes);
                _group++;
                _route = 0;
            }
        }
        if (_group == _packing.Count)
        {
            _packing.Clear();
            _group = 0;
            EstimatedBytes = 0;
            RouteCount = 0;
        }
        return pos;
    }

    /// <summary>Forgets everything (the peer went down).</summary>
    public void Clear()
    {
        foreach (var pair in _packing)
        {
            pair.Value.Clear();
            _spareLists.Push(pair.Value);
        }
        foreach (var list in _groups.Values)
        {
            list.Clear();
            _spareLists.Push(list);
        }
        _packing.Clear();
        _groups.Clear();
        _group = 0;
        _route = 0;
        RouteCount = 0;
        EstimatedBytes = 0;
    }

    private void Freeze()
    {
        foreach (var pair in _groups)
        {
            if (pair.Key.IsWithdrawal)
            {
                _packing.Add(pair);
            }
        }
        foreach (var pair in _groups)
        {
            if (!pair.Key.IsWithdrawal)
            {
                _packing.Add(pair);
            }
        }
        _groups.Clear();
        _group = 0;
        _route = 0;
    }
}
