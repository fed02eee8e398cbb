using System.Collections.Concurrent;
using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// Graceful Restart (RFC 4724, RFC 8538) in both roles. As the helper of a peer whose session
/// dropped: its routes stay, marked stale, for its restart time; a new session of the same peer
/// takes them over, and its End-of-RIB (or the stale-routes time) withdraws those it did not send
/// again. As the restarting speaker: route selection towards the observers is deferred until
/// every Graceful Restart peer sent its End-of-RIB (or the select-defer-time ends), then the
/// observers get the whole table (in chunks, in order) and <see cref="InitialConvergenceComplete"/> is raised.
/// </summary>
public sealed partial class RibWorker
{
    private readonly Dictionary<IPAddress, RibPeerState> _restarting = new();
    private readonly HashSet<RibPeerState> _staleStates = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<IPAddress, PeerRestartStatus> _restartStatus = new();
    private readonly HashSet<IPAddress> _awaitingEndOfRib = new();
    private bool _converging;
    private bool _selectionDeferred;
    private bool _awaitingLocalRoutes;
    private ITimer? _deferTimer;
    private ITimer? _localRoutesTimer;
    private volatile bool _converged;
    private volatile bool _tableComplete;

    /// <summary>
    /// Raised once, on the worker, when the initial convergence after the start is complete: every
    /// Graceful Restart peer sent its End-of-RIB, or the select-defer-time ended. The observers
    /// were told every best path before it (after a deferred selection, all at once). Do not block.
    /// </summary>
    public event Action? InitialConvergenceComplete;

    /// <summary>True once <see cref="InitialConvergenceComplete"/> was raised.</summary>
    public bool InitialConvergenceDone => _converged;

    /// <summary>
    /// The initial convergence ended with every peer's table known: End-of-RIB from every
    /// graceful-restart peer, or the select-defer-time over. False when it ended because no peer
    /// was waited for, or peers came up without the capability (their routes may still be on the
    /// way): then what was installed before the restart must not be judged from it.
    /// </summary>
    public bool InitialTableComplete => _tableComplete;

    /// <summary>A peer's stale routes and Graceful Restart timers, or null when it has none. Thread-safe.</summary>
    public PeerRestartStatus? RestartStatus(IPAddress peer) => _restartStatus.GetValueOrDefault(Normalize(peer));

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>
    /// RFC 4724 s4.2: the session of a peer that sent the capability dropped without a
    /// NOTIFICATION that ends Graceful Restart. Its routes of the families it listed stay, marked
    /// stale; those of other families go. False when nothing is kept (restart time 0, no family).
    /// </summary>
    private bool RetainRoutes(RibPeerState state, string? reason)
    {
        var negotiated = state.Negotiated;
        if (!negotiated.GracefulRestart || negotiated.PeerGracefulRestart!.RestartTimeSeconds == 0 ||
            !_tables.Keys.Any(f => state.Supports(f) && negotiated.PeerRestartsGracefully(f)))
        {
            return false;
        }
        if (_restarting.Remove(state.Address, out var earlier))
        {
            // Cannot happen with one session per neighbor; never leave one behind.
            ForgetRestarting(earlier, "replaced");
        }
        int kept = 0;
        foreach (var table in _tables.Values)
        {
            if (!state.Supports(table.Family))
            {
                continue;
            }
            if (negotiated.PeerRestartsGracefully(table.Family))
            {
                MarkStale(state, table.Family, startTimer: false);
                state.Stale[table.Family].FromRestart = true;
            }
            else
            {
                RemoveFamily(state, table);
            }
        }
        kept = StaleRouteCount(state);
        var restartTime = TimeSpan.FromSeconds(negotiated.PeerGracefulRestart.RestartTimeSeconds);
        var request = new RestartTimeExpired(state, ++state.RestartGeneration);
        state.RestartTimerEnds = _options.TimeProvider.GetUtcNow() + restartTime;
        state.RestartTimer = _options.TimeProvider.CreateTimer(_ => _ = _local.PostAsync(request, CancellationToken.None).AsTask(), null, restartTime, Timeout.InfiniteTimeSpan);
        _restarting[state.Address] = state;
        _logger.LogInformation("RIB: {Peer} down ({Reason}); graceful restart: its {Routes} routes stay, stale, for up to {Time} s",
            state.Address, reason, kept, (int)restartTime.TotalSeconds);
        return true;
    }

    /// <summary>Removes every path of one family the peer holds, and the sources they used.</summary>
    private void RemoveFamily(RibPeerState state, RibTable table)
    {
        foreach (var entry in table.Entries)
        {
            if (entry.TryGetPath(state, out _, out _))
            {
                MarkDirty(table, entry);
                entry.RemovePath(state, out _);
            }
        }
        foreach (var key in state.Sources.Keys.Where(k => k.Family == table.Family).ToList())
        {
            state.Sources.Remove(key);
            _liveSources--;
        }
    }

    /// <summary>
    /// The new session of a peer whose routes we kept takes over its record (RFC 4724 s4.2). A
    /// family it no longer preserves (no capability, not listed, or F clear) is flushed at once;
    /// the others wait for its End-of-RIB, bounded by the stale-routes time.
    /// </summary>
    private RibPeerState? Readopt(IRibPeer peer, PeerInbox inbox)
    {
        if (!_restarting.Remove(Normalize(peer.Address), out var state))
        {
            return null;
        }
        state.RestartTimer?.Dispose();
        state.RestartTimer = null;
        state.RestartTimerEnds = null;
        state.Rebind(peer, inbox);
        foreach (var family in state.Stale.Keys.ToList())
        {
            var stale = state.Stale[family];
            if (!stale.FromRestart)
            {
                continue;
            }
            if (state.Supports(family) && state.Negotiated.GracefulRestart && state.Negotiated.PeerPreservesForwarding(family))
            {
                StartStaleTimer(state, family, stale);
                _logger.LogInformation("RIB: {Peer} is back (graceful restart): its stale {Family} routes wait for its End-of-RIB, up to {Time}",
                    state.Address, family, _options.StaleRoutesTime);
            }
            else
            {
                _logger.LogInformation("RIB: {Peer} is back without preserved forwarding for {Family} (RFC 4724 s4.2): its stale routes go now", state.Address, family);
                SweepStale(state, family);
            }
        }
        return state;
    }

    /// <summary>RFC 4724 s4.2: the restart time ended and the peer is not back: its stale routes go.</summary>
    private void RestartTimeEnded(RibPeerState state, int generation)
    {
        if (!_restarting.TryGetValue(state.Address, out var current) || current != state || state.RestartGeneration != generation)
        {
            return;
        }
        _restarting.Remove(state.Address);
        ForgetRestarting(state, "its restart time ended");
    }

    private void ForgetRestarting(RibPeerState state, string why)
    {
        state.RestartTimer?.Dispose();
        state.RestartTimer = null;
        state.RestartTimerEnds = null;
        _logger.LogWarning("RIB: {Peer} did not come back ({Why}); its stale routes are withdrawn", state.Address, why);
        foreach (var family in state.Stale.Keys.ToList())
        {
            SweepStale(state, family);
        }
        _liveSources -= state.Sources.Count;
        state.Sources.Clear();
        _staleStates.Remove(state);
    }

    /// <summary>A peer's End-of-RIB (RFC 4724 s4.2): its routes still stale go; the initial convergence may be complete.</summary>
    private void EndOfRibReceived(RibPeerState peer, AfiSafi family)
    {
        if (peer.Stale.TryGetValue(family, out var stale) && stale.FromRestart)
        {
            SweepStale(peer, family);
        }
        if (_converging && _awaitingEndOfRib.Contains(peer.Address) &&
            _tables.Keys.All(f => !peer.Supports(f) || peer.EndOfRibReceived.Contains(f)))
        {
            _awaitingEndOfRib.Remove(peer.Address);
            if (_awaitingEndOfRib.Count == 0)
            {
                _tableComplete = true;
                CompleteInitialConvergence("End-of-RIB from every graceful-restart peer");
            }
        }
    }

    /// <summary>
    /// RFC 4724 s4.1 waits for the End-of-RIB of peers with the capability only: one that came up
    /// without it is not waited for.
    /// </summary>
    private void PeerUpWhileConverging(RibPeerState peer)
    {
        if (_converging && !peer.Negotiated.GracefulRestart && _awaitingEndOfRib.Remove(peer.Address) && _awaitingEndOfRib.Count == 0)
        {
            CompleteInitialConvergence("every remaining peer came up without graceful restart");
        }
    }

    /// <summary>
    /// Every route the originator had to announce at the start has been posted (with
    /// <see cref="OriginateAsync"/>, before this call): our End-of-RIB may follow them
    /// (<see cref="RibOptions.AwaitLocalRoutes"/>). Thread-safe.
    /// </summary>
    public void LocalRoutesComplete() => _ = _local.PostAsync(LocalRoutesCompleted.Originator, CancellationToken.None).AsTask();

    private void EndLocalRoutesWait(LocalRoutesCompleted completed)
    {
        if (!_awaitingLocalRoutes)
        {
            return;
        }
        _awaitingLocalRoutes = false;
        _localRoutesTimer?.Dispose();
        _localRoutesTimer = null;
        _logger.LogInformation("RIB: local routes complete ({Reason}); End-of-RIB may follow them", completed.Reason);
        PutEndOfRibLast();
    }

    /// <summary>
    /// A reason to hold our End-of-RIB ended: the routes queued while it was held (local routes
    /// just posted, or selected at the end of the deferral) go before it, as part of the table it ends.
    /// </summary>
    private void PutEndOfRibLast()
    {
        if (_dirty.Count > 0)
        {
            CollectChanges();
        }
        foreach (var peer in _peerList)
        {
            foreach (var pending in peer.Out)
            {
                if (!pending.InitialDumpDone)
                {
                    pending.MoveEndOfRibBack();
                }
            }
        }
    }

    private void StartInitialConvergence()
    {
        if (_options.AwaitLocalRoutes)
        {
            _awaitingLocalRoutes = true;
            _localRoutesTimer = _options.TimeProvider.CreateTimer(_ => _ = _local.PostAsync(LocalRoutesCompleted.TimedOut, CancellationToken.None).AsTask(),
                null, _options.SelectDeferTime, Timeout.InfiniteTimeSpan);
        }

        foreach (var address in _options.InitialConvergencePeers)
        {
            _awaitingEndOfRib.Add(Normalize(address));
        }
        _converging = true;
        if (_awaitingEndOfRib.Count == 0)
        {
            CompleteInitialConvergence("no graceful-restart peer to wait for");
            return;
        }
        _selectionDeferred = _options.DeferSelection;
        _deferTimer = _options.TimeProvider.CreateTimer(_ => _ = _local.PostAsync(SelectionDeferralExpired.Instance, CancellationToken.None).AsTask(),
            null, _options.SelectDeferTime, Timeout.InfiniteTimeSpan);
        _logger.LogInformation("RIB: waiting for End-of-RIB from {Count} graceful-restart peer(s), up to {Time}{Deferred}",
            _awaitingEndOfRib.Count, _options.SelectDeferTime, _selectionDeferred ? "; route selection deferred (restarting with forwarding state kept)" : string.Empty);
    }

    /// <summary>
    /// Ends the initial convergence: after a deferred selection, the observers get every best
    /// path (as added: they have seen none), then End-of-RIB goes to the peers that waited for it.
    /// </summary>
    private void CompleteInitialConvergence(string reason)
    {
        if (!_converging)
        {
            return;
        }
        _converging = false;
        _deferTimer?.Dispose();
        _deferTimer = null;
        if (_awaitingEndOfRib.Count > 0)
        {
            _logger.LogWarning("RIB: initial convergence without End-of-RIB from {Peers}", string.Join(", ", _awaitingEndOfRib));
            _awaitingEndOfRib.Clear();
        }
        int routes = 0;
        if (_selectionDeferred)
        {
            CollectChanges();
            _selectionDeferred = false;
            foreach (var table in _tables.Values)
            {
                foreach (var entry in table.Entries)
                {
                    if (entry.BestSource is { } best)
                    {
                        Notify(table.Family, null, default, best, entry.Nlri);
                        routes++;
                    }
                }
            }
            NotifyObservers();
        }
        PutEndOfRibLast();
        _converged = true;
        _logger.LogInformation("RIB: initial convergence complete ({Reason}){Routes}", reason,
            routes > 0 ? $"; {routes} deferred best paths handed over" : string.Empty);
        try
        {
            InitialConvergenceComplete?.Invoke();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "RIB: an initial convergence handler failed");
        }
    }

    /// <summary>
    /// Our End-of-RIB waits for our deferred selection, except to a peer that restarts too (R
    /// bit: it must not wait for us, RFC 4724 s4.1), and for our local routes (which wait for
    /// no peer, so a peer that restarts too waits for them as well).
    /// </summary>
    private bool HoldsEndOfRib(RibPeerState peer) =>
        _awaitingLocalRoutes || (_selectionDeferred && peer.Negotiated.PeerGracefulRestart is not { RestartState: true });

    private static int StaleRouteCount(RibPeerState state)
    {
        int count = 0;
        foreach (var stale in state.Stale.Values)
        {
            foreach (var source in stale.All)
            {
                count += source.RouteCount;
            }
        }
        return count;
    }

    /// <summary>Publishes the stale counts and timers of the peers that have any, for the CLI.</summary>
    private void PublishRestartStatus()
    {
        if (_staleStates.Count == 0 && _restartStatus.IsEmpty)
        {
            return;
        }
        foreach (var address in _restartStatus.Keys)
        {
            if (!_staleStates.Any(s => s.Address.Equals(address)))
            {
                _restartStatus.TryRemove(address, out _);
            }
        }
        foreach (var state in _staleStates)
        {
            DateTimeOffset? staleEnds = null;
            foreach (var stale in state.Stale.Values)
            {
                if (stale.TimerEnds is { } ends && (staleEnds is null || ends < staleEnds))
                {
                    staleEnds = ends;
                }
            }
            _restartStatus[Normalize(state.Address)] = new PeerRestartStatus(StaleRouteCount(state), !state.Up, state.RestartTimerEnds, staleEnds);
        }
    }
}
