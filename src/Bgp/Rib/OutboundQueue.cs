using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// A peer's pending Adj-RIB-Out changes, grouped by attribute set, and the packing of them into
/// UPDATEs of at most the negotiated size: many NLRI per message (RFC 4271 s4.3, RFC 4760).
/// Withdrawals are written first. Packing is resumable so that a million routes go out through
/// one fixed staging buffer.
/// </summary>
internal sealed class OutboundQueue
{
    private readonly Dictionary<OutboundGroup, List<byte[]>> _groups = new();
    private readonly Stack<List<byte[]>> _spareLists = new();
    private readonly List<KeyValuePair<OutboundGroup, List<byte[]>>> _packing = new();
    private int _group;
    private int _route;

    public bool IsEmpty => _groups.Count == 0;

    /// <summary>Routes queued, for statistics and tests.</summary>
    public int RouteCount { get; private set; }

    public void Announce(AfiSafi family, byte[] attributes, byte[] nextHop, byte[] nlri) =>
        Add(new OutboundGroup(family, attributes, nextHop), nlri);

    public void Withdraw(AfiSafi family, byte[] nlri) => Add(new OutboundGroup(family, null, null), nlri);

    private void Add(OutboundGroup group, byte[] nlri)
    {
        if (!_groups.TryGetValue(group, out var list))
        {
            list = _spareLists.Count > 0 ? _spareLists.Pop() : new List<byte[]>();
            _groups.Add(group, list);
        }
        list.Add(nlri);
        RouteCount++;
    }

    /// <summary>Freezes the queued groups for <see cref="Pack"/>, withdrawals first.</summary>
    public void BeginPacking()
    {
        _packing.Clear();
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
        RouteCount = 0;
        _group = 0;
        _route = 0;
    }

    /// <summary>
    /// Writes complete UPDATEs back to back into <paramref name="staging"/> while a message of the
    /// maximum size still fits, recording each one's end offset. Returns false when everything
    /// frozen by <see cref="BeginPacking"/> has been written.
    /// </summary>
    public bool Pack(Span<byte> staging, UpdateCodecOptions options, List<int> messageEnds)
    {
        messageEnds.Clear();
        int max = options.EffectiveMaxMessageLength;
        int pos = 0;
        while (_group < _packing.Count && staging.Length - pos >= max)
        {
            var (group, routes) = _packing[_group];
            var writer = new UpdateWriter(staging.Slice(pos, max), options);
            if (group.IsWithdrawal)
            {
                writer.BeginMpUnreach(group.Family);
            }
            else
            {
                writer.TryAddAttributes(group.Attributes);
                writer.BeginMpReach(group.Family, group.NextHop);
            }
            while (_route < routes.Count && writer.TryAddMpNlri(routes[_route]))
            {
                _route++;
            }
            if (writer.RouteCount == 0)
            {
                throw new InvalidOperationException($"An NLRI of {routes[_route].Length} bytes does not fit an UPDATE under its attributes.");
            }
            pos += writer.Complete().Length;
            messageEnds.Add(pos);
            if (_route == routes.Count)
            {
                routes.Clear();
                _spareLists.Push(routes);
                _group++;
                _route = 0;
            }
        }
        if (_group < _packing.Count)
        {
            return true;
        }
        _packing.Clear();
        return false;
    }

    /// <summary>Drops whatever is still frozen for packing (after a failed send).</summary>
    public void AbandonPacking()
    {
        _packing.Clear();
        _group = 0;
        _route = 0;
    }
}
