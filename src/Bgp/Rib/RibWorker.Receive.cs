using System.Runtime.InteropServices;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Rib;

/// <summary>Input: UPDATEs into the Adj-RIBs-In and Loc-RIB, peers going away, local routes.</summary>
public sealed partial class RibWorker
{
    /// <summary>
    /// One UPDATE, already checked once (RFC 7606) by the session's read path: the record carries
    /// the outcome, so it is not validated again here.
    /// </summary>
    private void HandleUpdate(RibPeerState peer, ReadOnlySpan<byte> frame, in InboundRecord record)
    {
        var update = new UpdateReader(frame);
        if (update.IsEndOfRib(out var endOfRib))
        {
            peer.EndOfRibReceived.Add(endOfRib);
            EndOfRibReceived(peer, endOfRib);
            return;
        }
        if (record.Action == UpdateErrorAction.SessionReset || !update.LengthsAreConsistent)
        {
            // The session resets for these before they get here; without a reliable parse there is
            // nothing safe to do but ignore the message.
            peer.MalformedUpdates++;
            _logger.LogWarning("RIB: {Peer} sent an UPDATE that calls for a session reset: {Reason}", peer.Address, record.Reason);
            return;
        }
        // RFC 7606 s2: treat-as-withdraw removes the UPDATE's routes; attribute discard drops the
        // attributes in record.Discarded.
        bool withdraw = record.Action == UpdateErrorAction.TreatAsWithdraw;
        if (withdraw)
        {
            peer.MalformedUpdates++;
            _logger.LogInformation("RIB: UPDATE from {Peer} treated as withdraw: {Reason}", peer.Address, record.Reason);
        }
        if (update.TryGetMpUnreach(out var unreach) && TryGetTable(peer, unreach.Family, out var table))
        {
            WithdrawBlock(peer, table, unreach.Withdrawn);
        }
        if (!update.TryGetMpReach(out var reach) || !TryGetTable(peer, reach.Family, out table))
        {
            return;
        }
        if (!withdraw && !IsWellFormed(table.Descriptor, reach.Nlri))
        {
            // A route the family rejects (RFC 7606 s5.4 for EVPN via RFC 7432): the whole UPDATE's
            // routes are withdrawn, as for a malformed attribute.
            peer.MalformedUpdates++;
            withdraw = true;
            _logger.LogInformation("RIB: UPDATE from {Peer} has a malformed {Family} NLRI; treated as withdraw", peer.Address, reach.Family);
        }
        if (withdraw)
        {
            WithdrawBlock(peer, table, reach.Nlri);
            return;
        }
        var attributes = _interner.Intern(update.PathAttributesField, peer.Options, record.Discarded);
        var source = GetSource(peer, peer.Sources, table.Family, attributes, reach.NextHop);
        if (source.Looped)
        {
            // RFC 4271 s9.1.2 / RFC 4456 s8: not accepted; a previous path from this peer goes.
            WithdrawBlock(peer, table, reach.Nlri);
        }
        else
        {
            var block = reach.Nlri;
            while (!block.IsEmpty)
            {
                var status = table.Descriptor.ReadNlri(block, out int length);
                if (status == NlriReadStatus.Route)
                {
                    Announce(peer, table, source, block[..length]);
                }
                block = block[length..];
            }
        }
        ForgetIfUnused(peer, source);
    }

    private bool TryGetTable(RibPeerState peer, AfiSafi family, out RibTable table)
    {
        // RFC 4760 s7: routes of a family the session did not negotiate are ignored (the
        // validator did not check them either); said once per session, not per UPDATE.
        if (!peer.Supports(family))
        {
            table = null!;
            if (peer.IgnoredFamilies.Add(family))
            {
                _logger.LogInformation("RIB: {Peer} sent {Family} routes, a family the session did not negotiate; ignored (RFC 4760 s7)",
                    peer.Address, family);
            }
            return false;
        }
        return _tables.TryGetValue(family, out table!);
    }

    private static bool IsWellFormed(IRibFamily family, ReadOnlySpan<byte> block)
    {
        while (!block.IsEmpty)
        {
            var status = family.ReadNlri(block, out int length);
            if (status is NlriReadStatus.Malformed or NlriReadStatus.Truncated || length <= 0 || length > block.Length)
            {
                return false;
            }
            block = block[length..];
        }
        return true;
    }

    /// <summary>Removes the owner's path for every route in the block it can still split.</summary>
    private void WithdrawBlock(RibPeerState? owner, RibTable table, ReadOnlySpan<byte> block)
    {
        while (!block.IsEmpty)
        {
            var status = table.Descriptor.ReadNlri(block, out int length);
            if (status == NlriReadStatus.Truncated || length <= 0 || length > block.Length)
            {
                return;
            }
            if (status == NlriReadStatus.Route)
            {
                Withdraw(owner, table, block[..length]);
            }
            block = block[length..];
        }
    }

    private void Withdraw(RibPeerState? owner, RibTable table, ReadOnlySpan<byte> nlri)
    {
        var entry = table.Find(nlri);
        if (entry is null || !entry.TryGetPath(owner, out _, out _))
        {
            return;
        }
        MarkDirty(table, entry);
        entry.RemovePath(owner, out var removed);
        Unreference(owner, removed);
        CountAccepted(owner, -1);
    }

    private static void CountAccepted(RibPeerState? owner, int change)
    {
        if (owner is not null)
        {
            owner.AcceptedRoutes += change;
        }
    }

    /// <summary>
    /// Whether a route the peer has no path for yet may be accepted under its maximum-prefix limit
    /// (FRR's bgp_maximum_prefix_overflow, counted before the route is added, so that the route past
    /// the limit never reaches the Loc-RIB, the EVPN engine or the kernel). Logs the threshold once;
    /// past the limit asks the session to end with Cease 6/1 (RFC 4486 s4), unless warning-only.
    /// </summary>
    private bool AdmitNewRoute(RibPeerState peer, MaximumPrefix limit, AfiSafi family)
    {
        int next = peer.AcceptedRoutes + 1;
        if (peer.PrefixLimitExceeded)
        {
            return limit.WarningOnly;
        }
        if (next > limit.Limit)
        {
            peer.PrefixLimitExceeded = true;
            if (limit.WarningOnly)
            {
                _logger.LogWarning("RIB: {Peer} sent more than its maximum-prefix limit of {Limit} {Family} routes; warning-only, the session stays up and the routes are accepted",
                    peer.Address, limit.Limit, family);
                return true;
            }
            _logger.LogWarning("RIB: {Peer} sent more than its maximum-prefix limit of {Limit} {Family} routes; the route past the limit is refused and the session ends with Cease 6/1",
                peer.Address, limit.Limit, family);
            peer.Peer.ExceedMaximumPrefix(family);
            return false;
        }
        if (next >= limit.WarningCount && !peer.PrefixWarningLogged)
        {
            peer.PrefixWarningLogged = true;
            _logger.LogWarning("RIB: {Peer} reached {Count} {Family} routes, {Threshold}% of its maximum-prefix limit of {Limit}",
                peer.Address, next, family, limit.WarningThreshold, limit.Limit);
        }
        return true;
    }

    /// <summary>Adds or replaces the owner's path for one route (RFC 4271 s9: a new path replaces the peer's previous one).</summary>
    private void Announce(RibPeerState? owner, RibTable table, RibPathSource source, ReadOnlySpan<byte> nlri)
    {
        var entry = table.Find(nlri);
        RibPathSource? oldSource = null;
        ReadOnlyMemory<byte> oldNlri = default;
        bool replaces = entry is not null && entry.TryGetPath(owner, out oldSource, out oldNlri);
        if (!replaces && owner is { MaximumPrefix: { } limit } && !AdmitNewRoute(owner, limit, table.Family))
        {
            return;
        }
        if (entry is null)
        {
            entry = table.Add(nlri);
            MarkDirty(table, entry);
            entry.AddPath(source, entry.Nlri);
            source.RouteCount++;
            CountAccepted(owner, +1);
            return;
        }
        ReadOnlyMemory<byte> stored;
        if (replaces)
        {
            bool sameBytes = oldNlri.Span.SequenceEqual(nlri);
            if (sameBytes && oldSource == source)
            {
                return;
            }
            stored = sameBytes ? oldNlri : Share(entry, nlri);
        }
        else
        {
            // A route that waits to be sent as a withdrawal keeps its entry, and its bytes.
            stored = Share(entry, nlri);
            CountAccepted(owner, +1);
        }
        MarkDirty(table, entry);
        source.RouteCount++;
        if (oldSource is not null)
        {
            entry.RemovePath(owner, out _);
            Unreference(owner, oldSource);
        }
        entry.AddPath(source, stored);
    }

    /// <summary>
    /// Paths of one route from several peers usually carry the same bytes: the entry's best
    /// NLRI or the bytes it was made with when <paramref name="nlri"/> is one of them, else a copy.
    /// (An NLRI is never empty, so an entry that holds no bytes of its own matches none.)
    /// </summary>
    private static ReadOnlyMemory<byte> Share(RibEntry entry, ReadOnlySpan<byte> nlri) =>
        entry.NlriSpan.SequenceEqual(nlri) ? entry.Nlri
        : entry.OwnNlri.Span.SequenceEqual(nlri) ? entry.OwnNlri
        : nlri.ToArray();

    private void MarkDirty(RibTable table, RibEntry entry)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_dirty, entry, out bool exists);
        if (!exists)
        {
            slot = new DirtyRoute(table, entry.BestSource, entry.Nlri, _receivedAt);
        }
        else if (slot.ReceivedAt == 0 && _receivedAt != 0)
        {
            slot = slot with { ReceivedAt = _receivedAt };
        }
    }

    private void Unreference(RibPeerState? owner, RibPathSource source)
    {
        source.RouteCount--;
        ForgetIfUnused(owner, source);
    }

    /// <summary>
    /// Forgets a source no route uses. Only the source itself: a stale one's key may already map to
    /// its fresh successor. Stale sources are forgotten when their family is swept.
    /// </summary>
    private void ForgetIfUnused(RibPeerState? owner, RibPathSource source)
    {
        if (source.RouteCount != 0 || source.Stale)
        {
            return;
        }
        var sources = owner is null ? _localSources : owner.Sources;
        var key = new RibPathSourceKey(source.Family, source.Attributes, source.NextHop);
        if (sources.TryGetValue(key, out var known) && known == source)
        {
            sources.Remove(key);
            _liveSources--;
        }
    }

    private RibPathSource GetSource(RibPeerState? peer, Dictionary<RibPathSourceKey, RibPathSource> sources, AfiSafi family, PathAttributeSet attributes, ReadOnlySpan<byte> nextHop)
    {
        var key = new RibPathSourceKey(family, attributes, InternNextHop(nextHop));
        if (sources.TryGetValue(key, out var source))
        {
            return source;
        }
        source = new RibPathSource(peer, family, attributes, key.NextHop, Rank(peer, attributes), IsLoop(peer, attributes));
        if (peer is not null && peer.Stale.TryGetValue(family, out var stale) && stale.ByKey.TryGetValue(key, out var previous))
        {
            // Sent again unchanged after a BoRR: the other peers get the same bytes, so nothing.
            source.AdoptExports(previous);
        }
        sources.Add(key, source);
        _liveSources++;
        return source;
    }

    private byte[] InternNextHop(ReadOnlySpan<byte> nextHop)
    {
        if (_nextHopLookup.TryGetValue(nextHop, out var existing))
        {
            return existing;
        }
        var stored = nextHop.ToArray();
        _nextHops.Add(stored);
        return stored;
    }

    /// <summary>The decision-process facts of a path (RFC 4271 s9.1.1, s9.1.2.2; RFC 4456 s9).</summary>
    private PathRank Rank(RibPeerState? peer, PathAttributeSet attributes)
    {
        var path = attributes.AsPath;
        uint neighborAs = 0;
        if (path is { Segments.Length: > 0 } && path.Segments[0] is { Type: AsPathSegmentType.AsSequence, Asns.Length: > 0 } first)
        {
            neighborAs = first.Asns[0];
        }
        return new PathRank
        {
            Local = peer is null,
            // s5.1.5: LOCAL_PREF counts only from internal peers; ours is 100 otherwise.
            LocalPreference = peer is { IsInternal: true } ? attributes.LocalPref ?? OutboundAttributes.DefaultLocalPreference : OutboundAttributes.DefaultLocalPreference,
            AsPathLength = path?.PathLength ?? 0,
            Origin = (byte)(attributes.Origin ?? Origin.Igp),
            MultiExitDisc = attributes.MultiExitDisc ?? 0,
            NeighborAs = neighborAs,
            FromExternalPeer = peer is { IsInternal: false },
            OriginatorOrRouterId = attributes.Get<OriginatorIdAttribute>()?.RouterId ?? peer?.Negotiated.PeerRouterId ?? _options.RouterId,
            ClusterListLength = attributes.Get<ClusterListAttribute>()?.ClusterIds.Length ?? 0,
            PeerAddress = peer?.Address,
        };
    }

    /// <summary>Routes that have been here before (RFC 4456 s8; RFC 4271 s9.1.2 AS_PATH loop detection).</summary>
    private bool IsLoop(RibPeerState? peer, PathAttributeSet attributes)
    {
        if (peer is null)
        {
            return false;
        }
        if (attributes.Get<OriginatorIdAttribute>() is { } originator && originator.RouterId == _options.RouterId)
        {
            return true;
        }
        if (attributes.Get<ClusterListAttribute>() is { } clusters && clusters.ClusterIds.Contains(_options.EffectiveClusterId))
        {
            return true;
        }
        if (!peer.IsInternal && attributes.AsPath is { } path)
        {
            foreach (var segment in path.Segments)
            {
                if (segment.Asns.Contains(_options.LocalAs))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private void HandlePeerDown(RibPeerState state, string? reason, bool graceful)
    {
        if (!_peers.Remove(state.Peer))
        {
            return;
        }
        _peerList.Remove(state);
        state.Up = false;
        if (graceful && RetainRoutes(state, reason))
        {
            DropOutput(state);
            return;
        }
        _logger.LogInformation("RIB: {Peer} down ({Reason}); withdrawing its routes", state.Address, reason);
        // Its Adj-RIB-In is its paths in the Loc-RIB entries: one walk of each table, a slice at
        // a time (WithdrawSlice), before any peer's later messages, as the observers make room.
        var withdrawal = new PeerWithdrawal(state);
        foreach (var table in _tables.Values)
        {
            if (state.Supports(table.Family))
            {
                withdrawal.Add(table);
            }
        }
        if (!withdrawal.IsDone)
        {
            _withdrawals.Enqueue(withdrawal);
        }
        // The sources go now: the paths still to withdraw hold theirs, and nothing counts on them.
        _liveSources -= state.Sources.Count;
        state.Sources.Clear();
        foreach (var stale in state.Stale.Values)
        {
            _liveSources -= stale.All.Count;
            stale.Dispose();
        }
        state.Stale.Clear();
        _staleStates.Remove(state);
        DropOutput(state);
    }

    /// <summary>
    /// Withdraws up to <paramref name="quantum"/> routes of the oldest session that went down;
    /// returns how many were taken.
    /// </summary>
    private int WithdrawSlice(int quantum)
    {
        var withdrawal = _withdrawals.Peek();
        var state = withdrawal.State;
        int taken = 0;
        while (taken < quantum && withdrawal.TryTake(out var table, out var entry))
        {
            MarkDirty(table, entry);
            entry.RemovePath(state, out _);
            taken++;
        }
        if (taken < quantum)
        {
            _withdrawals.Dequeue();
        }
        return taken;
    }

    /// <summary>
    /// What a peer that went down was still to be sent goes with it, and the routes that waited
    /// only to be sent to it as withdrawals can leave their tables.
    /// </summary>
    private void DropOutput(RibPeerState state)
    {
        var waiting = new List<RibEntry>();
        foreach (var pending in state.Out)
        {
            waiting.Clear();
            waiting.AddRange(pending.ChangedEntries.Where(e => e.IsEmpty));
            pending.Clear();
            if (pending.Table is { } table)
            {
                foreach (var entry in waiting)
                {
                    RemoveIfWithdrawn(table, entry);
                }
            }
        }
        state.Peer.ReportPending(0);
    }

    private void HandleLocalRoute(LocalRouteCommand command)
    {
        var table = _tables[command.Family];
        if (command.Attributes is null)
        {
            Withdraw(null, table, command.Nlri);
            return;
        }
        var attributes = InternLocal(command.Attributes);
        var source = GetSource(null, _localSources, command.Family, attributes, command.NextHop);
        Announce(null, table, source, command.Nlri);
        ForgetIfUnused(null, source);
    }

    /// <summary>Locally originated: ORIGIN IGP and an empty AS_PATH unless given (RFC 4271 s5.1.1, s5.1.2).</summary>
    private PathAttributeSet InternLocal(IReadOnlyList<PathAttribute> given)
    {
        var attributes = new List<PathAttribute>(given.Count + 2);
        if (!given.Any(a => a is OriginAttribute))
        {
            attributes.Add(new OriginAttribute(Origin.Igp));
        }
        if (!given.Any(a => a is AsPathAttribute))
        {
            attributes.Add(AsPathAttribute.Empty);
        }
        attributes.AddRange(given.Where(a => a is not MpReachNlriAttribute and not MpUnreachNlriAttribute));
        attributes.Sort((a, b) => a.TypeCode.CompareTo(b.TypeCode));
        return _interner.Intern(attributes);
    }
}
