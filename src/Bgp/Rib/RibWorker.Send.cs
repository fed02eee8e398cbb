using System.Buffers;
using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// Output: best-path changes to the observers and into the peers' pending sets, initial dumps,
/// and the packing of pending routes into UPDATEs for peers whose send queue has room.
/// </summary>
public sealed partial class RibWorker
{
    /// <summary>
    /// Bytes packed into one buffer before it is handed to a peer: a few tens of routes' worth at
    /// least, and room for one more largest message (RFC 8654) beyond it.
    /// </summary>
    private const int StagingBytes = 64 * 1024 + BgpHeader.MaxExtendedMessageLength;

    private readonly byte[] _staging;

    /// <summary>The last <see cref="Fill"/> stopped at an End-of-RIB that waits for our deferred selection.</summary>
    private bool _endOfRibHeld;

    private void HandlePeerUp(PeerInbox inbox)
    {
        var peer = inbox.Peer;
        if (_peers.ContainsKey(peer))
        {
            return;
        }
        // Changes made before this peer came up go to the others first; its dump then shows the
        // table as it is, and every later change is queued for it as a change (RFC 4271 s9.4).
        CollectChanges();
        var state = Readopt(peer, inbox) ?? new RibPeerState(peer, inbox);
        inbox.State = state;
        _openInboxes.Add(inbox);
        _peers.Add(peer, state);
        _peerList.Add(state);
        _logger.LogInformation("RIB: {Peer} up ({Kind}, {Families})", state.Address, state.IsInternal ? "iBGP" : "eBGP", string.Join(", ", state.Negotiated.Families));
        foreach (var family in state.Negotiated.Families)
        {
            _tables.TryGetValue(family, out var table);
            var pending = new AdjRibOutPending(family, table);
            state.Out.Add(pending);
            if (table is not null)
            {
                EnqueueDump(state, pending, table);
            }
            // RFC 4724 s2: End-of-RIB once the initial table is out.
            pending.EnqueueMarker(new OutboundMarker(OutboundMarkerKind.EndOfRib, family));
        }
        PeerUpWhileConverging(state);
    }

    /// <summary>Queues every route of the table the peer may have (8 bytes a route while it waits).</summary>
    private void EnqueueDump(RibPeerState peer, AdjRibOutPending pending, RibTable table)
    {
        foreach (var entry in table.Entries)
        {
            if (entry.BestSource is { } best && Export(best, peer) is not null)
            {
                pending.EnqueueDump(entry);
            }
        }
    }

    /// <summary>Ends a batch: net best-path changes to the observers and the pending sets, then packs for the peers that can take it.</summary>
    private void Flush()
    {
        if (_dirty.Count > 0)
        {
            CollectChanges();
        }
        foreach (var peer in _peerList)
        {
            if (peer.HasOutput && !peer.AwaitingDrain)
            {
                Pump(peer);
            }
            peer.Peer.ReportPending(peer.PendingRoutes);
            peer.Peer.ReportAccepted(peer.AcceptedRoutes);
            RearmPrefixWarning(peer);
        }
        PublishRestartStatus();
        SweepInterners();
    }

    /// <summary>The threshold warning and the warning-only excess are logged again once the count fell back below them.</summary>
    private static void RearmPrefixWarning(RibPeerState peer)
    {
        if (peer.MaximumPrefix is not { } limit)
        {
            return;
        }
        if (peer.PrefixWarningLogged && peer.AcceptedRoutes < limit.WarningCount)
        {
            peer.PrefixWarningLogged = false;
        }
        if (limit.WarningOnly && peer.PrefixLimitExceeded && peer.AcceptedRoutes <= limit.Limit)
        {
            peer.PrefixLimitExceeded = false;
        }
    }

    private void CollectChanges()
    {
        if (_dirty.Count == 0)
        {
            return;
        }
        foreach (var (entry, dirty) in _dirty)
        {
            var table = dirty.Table;
            var before = dirty.OldSource;
            var after = entry.BestSource;
            var afterNlri = entry.Nlri;
            if (before == after && (after is null || dirty.OldNlri.Equals(afterNlri)))
            {
                RemoveIfWithdrawn(table, entry);
                continue;
            }
            if (before is not null && after is not null && SamePath(before, dirty.OldNlri, after, afterNlri))
            {
                // The same route from a fresh source (sent again after a BoRR): nobody sees a change.
                continue;
            }
            Notify(table.Family, before, dirty.OldNlri, after, afterNlri, dirty.ReceivedAt);
            foreach (var peer in _peerList)
            {
                if (peer.OutFor(table.Family) is not { } pending)
                {
                    continue;
                }
                var sent = before is null ? null : Export(before, peer);
                var send = after is null ? null : Export(after, peer);
                if (send is null && sent is null)
                {
                    continue;
                }
                if (send is not null && send == sent && before!.NextHop == after!.NextHop && dirty.OldNlri.Span.SequenceEqual(afterNlri.Span))
                {
                    // Another path won, but the peer would see the same route.
                    continue;
                }
                // Until End-of-RIB went out, the peer may or may not have the route: assume it has.
                pending.RecordChange(entry, pending.InitialDumpDone ? sent is not null : true);
            }
            RemoveIfWithdrawn(table, entry);
        }
        _dirty.Clear();
        NotifyObservers();
    }

    private static bool SamePath(RibPathSource a, ReadOnlyMemory<byte> aNlri, RibPathSource b, ReadOnlyMemory<byte> bNlri) =>
        a.Peer == b.Peer && a.Attributes == b.Attributes && a.NextHop == b.NextHop && (aNlri.Equals(bNlri) || aNlri.Span.SequenceEqual(bNlri.Span));

    /// <summary>
    /// A route without paths leaves its table, unless a peer still has to be sent its withdrawal:
    /// until then the entry stays, so that an announcement arriving meanwhile finds it and replaces
    /// the withdrawal in that peer's pending set.
    /// </summary>
    private void RemoveIfWithdrawn(RibTable table, RibEntry entry)
    {
        if (!entry.IsEmpty)
        {
            return;
        }
        foreach (var peer in _peerList)
        {
            if (peer.OutFor(table.Family)?.HasChange(entry) == true)
            {
                return;
            }
        }
        table.RemoveIfPresent(entry);
    }

    /// <summary>
    /// Changes handed to the observers in one call at most: 512 of about 100 bytes stay under
    /// the large-object threshold (85,000 bytes).
    /// </summary>
    private const int ObserverChunk = 512;

    /// <summary>Records one route's net change for the observers; they hear of a batch's in order, in chunks of <see cref="ObserverChunk"/>.</summary>
    private void Notify(AfiSafi family, RibPathSource? before, ReadOnlyMemory<byte> beforeNlri, RibPathSource? after, ReadOnlyMemory<byte> afterNlri, long receivedAt = 0)
    {
        if (_observers.Count == 0 || _selectionDeferred)
        {
            // While selection is deferred (RFC 4724 s4.1) the observers hear nothing; they get
            // the whole table when it ends.
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
            Nlri = after is null ? beforeNlri : afterNlri,
            Attributes = after?.Attributes,
            NextHop = after?.NextHop ?? default(ReadOnlyMemory<byte>),
            Peer = after?.Peer?.Address,
            IsLocal = after is not null && after.Peer is null,
            PreviousAttributes = before?.Attributes,
            PreviousNextHop = before?.NextHop ?? default(ReadOnlyMemory<byte>),
            PreviousNlri = before is null ? default(ReadOnlyMemory<byte>) : beforeNlri,
            ReceivedAt = receivedAt,
        };
        if (_changeCount == ObserverChunk)
        {
            // A session loss or a full table is handed over in pieces: the buffers on the way to
            // the kernel (this one, the observers' copies, their intent batches) stay small and
            // reused instead of growing to the whole table on the large-object heap.
            NotifyObservers();
        }
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

    /// <summary>
    /// XON/XOFF: packs the peer's pending routes into buffers handed to its send queue while the
    /// queue has room; when it is full, asks the peer to signal when it drained, and stops. Never
    /// waits: a peer that does not read costs only its own pending set.
    /// </summary>
    private void Pump(RibPeerState peer)
    {
        try
        {
            while (peer.HasOutput)
            {
                if (!peer.Peer.CanSend && peer.Peer.RequestDrainSignal())
                {
                    peer.AwaitingDrain = true;
                    return;
                }
                int length = 0;
                _endOfRibHeld = false;
                foreach (var pending in peer.Out)
                {
                    if (!pending.IsEmpty)
                    {
                        length = Fill(peer, pending);
                        break;
                    }
                }
                if (length == 0)
                {
                    if (_endOfRibHeld)
                    {
                        // Nothing can go before the End-of-RIB we hold; the end of our deferred selection resumes it.
                        return;
                    }
                    continue;
                }
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                _staging.AsSpan(0, length).CopyTo(buffer);
                if (!peer.Peer.Send(buffer, length))
                {
                    // Down: its PeerDown follows and drops what is left.
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "RIB: packing UPDATEs for {Peer} failed", peer.Address);
            foreach (var pending in peer.Out)
            {
                pending.Batch.Clear();
            }
        }
    }

    /// <summary>
    /// Fills the staging buffer from one pending set: the rest of the batch being packed, then
    /// markers and new batches in queue order, until the buffer has no room for another largest
    /// message. Returns the bytes written (complete messages).
    /// </summary>
    private int Fill(RibPeerState peer, AdjRibOutPending pending)
    {
        var staging = _staging.AsSpan();
        int max = peer.Options.EffectiveMaxMessageLength;
        int pos = 0;
        while (true)
        {
            if (!pending.Batch.IsEmpty)
            {
                pos += pending.Batch.Pack(staging[pos..], peer.Options);
                if (!pending.Batch.IsEmpty)
                {
                    return pos;
                }
            }
            if (staging.Length - pos < max)
            {
                return pos;
            }
            switch (pending.Peek())
            {
                case null:
                    return pos;
                case OutboundMarker next when next.Kind == OutboundMarkerKind.EndOfRib && HoldsEndOfRib(peer):
                    // Our End-of-RIB follows our initial table, which is complete once our own
                    // deferred selection ended and our local routes are in (RFC 4724 s4.1):
                    // routes queued behind it meanwhile go first.
                    if (pending.MoveHeadMarkerBack())
                    {
                        break;
                    }
                    _endOfRibHeld = true;
                    return pos;
                case OutboundMarker:
                    var marker = pending.TakeMarker();
                    pos += marker.Write(staging[pos..], peer.Negotiated.EnhancedRouteRefresh);
                    if (marker.Kind == OutboundMarkerKind.EndOfRib)
                    {
                        pending.InitialDumpDone = true;
                    }
                    else if (marker.Kind == OutboundMarkerKind.RefreshBegin)
                    {
                        pending.RefreshQueued = false;
                    }
                    break;
                default:
                    Gather(peer, pending, staging.Length - pos - max);
                    break;
            }
        }
    }

    /// <summary>
    /// Takes routes off the queue into the batch, deciding for each what the peer gets now: its
    /// current best path's export, a withdrawal if the peer holds the route and nothing is to be
    /// exported any more, or nothing. Stops at a marker or when the batch fills <paramref name="budget"/>.
    /// </summary>
    private void Gather(RibPeerState peer, AdjRibOutPending pending, int budget)
    {
        var batch = pending.Batch;
        var family = pending.Family;
        budget = Math.Max(budget, 1);
        while (batch.EstimatedBytes < budget && pending.Peek() is RibEntry)
        {
            var entry = pending.TakeRoute(out bool change, out bool peerHoldsRoute);
            var best = entry.BestSource;
            if (best is not null && Export(best, peer) is { } attributes)
            {
                batch.Announce(family, attributes, best.NextHop, entry.Nlri);
            }
            else if (change && peerHoldsRoute)
            {
                batch.Withdraw(family, entry.Nlri);
            }
            if (change && pending.Table is { } table)
            {
                RemoveIfWithdrawn(table, entry);
            }
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
