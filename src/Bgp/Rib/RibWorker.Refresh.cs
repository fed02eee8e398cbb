using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// ROUTE-REFRESH (RFC 2918) and Enhanced Route Refresh (RFC 7313): re-advertising to a peer
/// that asks, and the stale marking of a peer's routes between its BoRR and EoRR.
/// </summary>
public sealed partial class RibWorker
{
    private void HandleRouteRefresh(RibPeerState peer, AfiSafi family, RouteRefreshSubtype subtype)
    {
        switch (subtype)
        {
            case RouteRefreshSubtype.Normal:
                ReadvertiseTo(peer, family);
                break;
            case RouteRefreshSubtype.BeginningOfRouteRefresh when peer.Negotiated.EnhancedRouteRefresh && _tables.ContainsKey(family):
                MarkStale(peer, family);
                break;
            case RouteRefreshSubtype.EndOfRouteRefresh when peer.Negotiated.EnhancedRouteRefresh:
                SweepStale(peer, family);
                break;
            default:
                // RFC 7313 s5: BoRR/EoRR from a peer that did not negotiate the capability, or an
                // unknown subtype, is ignored.
                _logger.LogDebug("RIB: ignored ROUTE-REFRESH subtype {Subtype} for {Family} from {Peer}", subtype, family, peer.Address);
                break;
        }
    }

    /// <summary>
    /// RFC 2918 s4: re-advertise the family's Adj-RIB-Out, between BoRR and EoRR when the peer
    /// negotiated Enhanced Route Refresh (RFC 7313 s4). The routes go through the peer's pending
    /// set like any others: a peer that asks for a million routes gets them as fast as it reads.
    /// </summary>
    private void ReadvertiseTo(RibPeerState peer, AfiSafi family)
    {
        var pending = peer.OutFor(family);
        if (pending?.Table is not { } table || !pending.InitialDumpDone)
        {
            // The initial dump is still on its way: it answers the request.
            return;
        }
        if (pending.RefreshQueued)
        {
            // One not yet begun answers this one too: the queue holds at most one waiting dump.
            return;
        }
        CollectChanges();
        pending.RefreshQueued = true;
        pending.EnqueueMarker(new OutboundMarker(OutboundMarkerKind.RefreshBegin, family));
        EnqueueDump(peer, pending, table);
        pending.EnqueueMarker(new OutboundMarker(OutboundMarkerKind.RefreshEnd, family));
    }

    /// <summary>
    /// RFC 7313 s4: on the peer's BoRR its routes of the family become stale; those it sends again
    /// get fresh sources, the rest are withdrawn at its EoRR, or when the stale-routes time ends.
    /// </summary>
    private int MarkStale(RibPeerState peer, AfiSafi family, bool startTimer = true)
    {
        if (!peer.Stale.TryGetValue(family, out var stale))
        {
            stale = new StaleRoutes();
            peer.Stale.Add(family, stale);
        }
        var keys = new List<RibPathSourceKey>();
        foreach (var (key, source) in peer.Sources)
        {
            if (key.Family == family)
            {
                keys.Add(key);
                source.Stale = true;
                stale.All.Add(source);
                stale.ByKey[key] = source;
            }
        }
        foreach (var key in keys)
        {
            peer.Sources.Remove(key);
        }
        _staleStates.Add(peer);
        if (startTimer)
        {
            StartStaleTimer(peer, family, stale);
            _logger.LogInformation("RIB: {Peer} begins re-advertising {Family} (BoRR): {Sources} attribute sets marked stale", peer.Address, family, keys.Count);
        }
        else
        {
            stale.Generation++;
            stale.Timer?.Dispose();
            stale.Timer = null;
            stale.TimerEnds = null;
        }
        return keys.Count;
    }

    /// <summary>Bounds the wait for the sweep by the stale-routes time (RFC 7313 s4, RFC 4724 s4.2).</summary>
    private void StartStaleTimer(RibPeerState peer, AfiSafi family, StaleRoutes stale)
    {
        stale.Generation++;
        stale.Timer?.Dispose();
        var control = new RibControl(RibControlKind.StaleTimeout, Family: family, Generation: stale.Generation);
        var inbox = peer.Inbox;
        stale.TimerEnds = _options.TimeProvider.GetUtcNow() + _options.StaleRoutesTime;
        stale.Timer = _options.TimeProvider.CreateTimer(_ => inbox.PostControl(control), null, _options.StaleRoutesTime, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Withdraws the peer's routes of the family that are still stale (its EoRR or End-of-RIB, or a timer).</summary>
    private void SweepStale(RibPeerState peer, AfiSafi family)
    {
        if (!peer.Stale.Remove(family, out var stale))
        {
            return;
        }
        stale.Dispose();
        int withdrawn = 0;
        if (stale.All.Any(s => s.RouteCount > 0) && _tables.TryGetValue(family, out var table))
        {
            foreach (var entry in table.Entries)
            {
                if (entry.TryGetPath(peer, out var source, out _) && source.Stale)
                {
                    MarkDirty(table, entry);
                    entry.RemovePath(peer, out _);
                    source.RouteCount--;
                    peer.AcceptedRoutes--;
                    withdrawn++;
                }
            }
        }
        _liveSources -= stale.All.Count;
        if (peer.Stale.Count == 0)
        {
            _staleStates.Remove(peer);
        }
        _logger.LogInformation("RIB: {Peer} ended re-advertising {Family}: {Withdrawn} stale routes withdrawn", peer.Address, family, withdrawn);
    }
}
