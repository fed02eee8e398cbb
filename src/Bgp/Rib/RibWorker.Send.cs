using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Rib;

/// <summary>Output: best-path changes to the observers and the Adj-RIBs-Out, initial dumps, route refresh.</summary>
public sealed partial class RibWorker
{
    private async ValueTask HandlePeerUpAsync(IRibPeer peer, CancellationToken cancellationToken)
    {
        if (_peers.ContainsKey(peer))
        {
            return;
        }
        // Changes made before this peer came up go to the others first; the dump then shows the
        // table as it is, and every later change is sent as a change (RFC 4271 s9.4).
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var state = new RibPeerState(peer);
        _peers.Add(peer, state);
        _peerList.Add(state);
        _logger.LogInformation("RIB: {Peer} up ({Kind}, {Families})", state.Address, state.IsInternal ? "iBGP" : "eBGP", string.Join(", ", state.Negotiated.Families));
        await DumpAsync(state, null, cancellationToken).ConfigureAwait(false);
        // RFC 4724 s2: End-of-RIB for every negotiated family once the initial table is out.
        foreach (var family in state.Negotiated.Families)
        {
            int length = UpdateWriter.WriteEndOfRib(_endOfRib, family);
            if (!await peer.SendUpdateAsync(_endOfRib.AsMemory(0, length), cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
        state.Synchronized = true;
    }

    private async ValueTask HandleRouteRefreshAsync(IRibPeer peer, AfiSafi family, CancellationToken cancellationToken)
    {
        if (!_peers.TryGetValue(peer, out var state) || !state.Synchronized || !state.Supports(family))
        {
            return;
        }
        // RFC 2918 s4: re-advertise the Adj-RIB-Out of the family.
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await DumpAsync(state, family, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues and sends the best path of every route the peer may have, of one family or all.</summary>
    private async ValueTask DumpAsync(RibPeerState peer, AfiSafi? family, CancellationToken cancellationToken)
    {
        foreach (var table in _tables.Values)
        {
            if (!peer.Supports(table.Family) || (family is { } only && only != table.Family))
            {
                continue;
            }
            foreach (var entry in table.Entries)
            {
                var best = entry.Head;
                if (best is not null && Export(best.Source, peer) is { } attributes)
                {
                    peer.Out.Announce(table.Family, attributes, best.Source.NextHop, best.Nlri);
                }
            }
        }
        await SendQueuedAsync(peer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends a batch: net best-path changes to the observers and the peers, then sends.</summary>
    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_dirty.Count > 0)
        {
            CollectChanges();
        }
        foreach (var peer in _peerList)
        {
            if (!peer.Out.IsEmpty)
            {
                await SendQueuedAsync(peer, cancellationToken).ConfigureAwait(false);
            }
        }
        SweepInterners();
    }

    private void CollectChanges()
    {
        foreach (var (entry, dirty) in _dirty)
        {
            var table = dirty.Table;
            var before = dirty.OldBest;
            var after = entry.Head;
            if (after is null)
            {
                table.Remove(entry);
            }
            if (before == after)
            {
                continue;
            }
            Notify(table.Family, before, after);
            foreach (var peer in _peerList)
            {
                if (!peer.Synchronized || !peer.Supports(table.Family))
                {
                    continue;
                }
                var sent = before is null ? null : Export(before.Source, peer);
                var send = after is null ? null : Export(after.Source, peer);
                if (send is not null)
                {
                    if (send == sent && before!.Source.NextHop == after!.Source.NextHop && before.Nlri.AsSpan().SequenceEqual(after.Nlri))
                    {
                        // Another path won, but the peer would see the same route.
                        continue;
                    }
                    peer.Out.Announce(table.Family, send, after!.Source.NextHop, after.Nlri);
                }
                else if (sent is not null)
                {
                    peer.Out.Withdraw(table.Family, before!.Nlri);
                }
            }
        }
        _dirty.Clear();
        NotifyObservers();
    }

    /// <summary>Records one route's net change for the observers; they hear of all of a batch's at once.</summary>
    private void Notify(AfiSafi family, RibPath? before, RibPath? after)
    {
        if (_observers.Count == 0)
        {
            return;
        }
        if (_changeCount == _changes.Length)
        {
            Array.Resize(ref _changes, _changes.Length * 2);
        }
        _changes[_changeCount++] = new BestPathChange
        {
            Kind = before is null ? BestPathChangeKind.Added : after is null ? BestPathChangeKind.Withdrawn : BestPathChangeKind.Replaced,
            Family = family,
            Nlri = (after ?? before)!.Nlri,
            Attributes = after?.Source.Attributes,
            NextHop = after?.Source.NextHop ?? default(ReadOnlyMemory<byte>),
            Peer = after?.Source.Peer?.Address,
            IsLocal = after is not null && after.Source.Peer is null,
            PreviousAttributes = before?.Source.Attributes,
            PreviousNextHop = before?.Source.NextHop ?? default(ReadOnlyMemory<byte>),
            PreviousNlri = before?.Nlri ?? default(ReadOnlyMemory<byte>),
        };
    }

    /// <summary>Hands the batch's changes to every observer in one call, then forgets them.</summary>
    private void NotifyObservers()
    {
        if (_changeCount == 0)
        {
            return;
        }
        var changes = new ReadOnlySpan<BestPathChange>(_changes, 0, _changeCount);
        foreach (var observer in _observers)
        {
            try
            {
                observer.BestPathsChanged(changes);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "RIB: best-path observer {Observer} failed", observer);
            }
        }
        // The structs hold references into the RIB: clear them so that a large batch does not
        // keep withdrawn routes alive until the next one overwrites them.
        Array.Clear(_changes, 0, _changeCount);
        _changeCount = 0;
    }

    /// <summary>
    /// The attributes the path goes to <paramref name="target"/> with, or null when it does not go
    /// there: never back to the peer it came from; iBGP-learned routes not to iBGP peers unless
    /// one of them is a route-reflector client (RFC 4271 s9.2, RFC 4456 s8).
    /// </summary>
    private byte[]? Export(RibPathSource source, RibPeerState target)
    {
        if (source.Peer == target)
        {
            return null;
        }
        bool reflect = false;
        if (source.Peer is { IsInternal: true } from && target.IsInternal)
        {
            if (!from.IsRouteReflectorClient && !target.IsRouteReflectorClient)
            {
                return null;
            }
            reflect = true;
        }
        return source.GetExport(OutboundAttributes.Profile(target, reflect), _buildExport);
    }

    private async ValueTask SendQueuedAsync(RibPeerState peer, CancellationToken cancellationToken)
    {
        peer.Out.BeginPacking();
        try
        {
            bool more;
            do
            {
                more = peer.Out.Pack(_staging, peer.Options, _messageEnds);
                int start = 0;
                for (int i = 0; i < _messageEnds.Count; i++)
                {
                    int end = _messageEnds[i];
                    if (!await peer.Peer.SendUpdateAsync(_staging.AsMemory(start, end - start), cancellationToken).ConfigureAwait(false))
                    {
                        // Down: its PeerDown event follows.
                        peer.Out.AbandonPacking();
                        return;
                    }
                    start = end;
                }
            }
            while (more);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "RIB: sending UPDATEs to {Peer} failed", peer.Address);
            peer.Out.AbandonPacking();
        }
    }

    /// <summary>
    /// The attribute interner cannot forget single sets; when it holds far more sets than routes
    /// use, it starts afresh (sets in use stay valid; only their sharing with new arrivals is lost).
    /// </summary>
    private void SweepInterners()
    {
        if (_interner.Count > 1024 && _interner.Count > 4 * _liveSources)
        {
            _interner.Clear();
            _nextHops.Clear();
        }
    }
}
