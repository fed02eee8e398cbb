using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// The only owner of RIB state (holo's one-task-owns-everything; OpenBGPD's route decision
/// engine): Adj-RIBs-In, the Loc-RIB with the RFC 4271 s9 decision process, and what each peer
/// is still to be sent. Sessions post to it through <see cref="IBgpSessionSink"/>; the EVPN layer
/// originates routes with <see cref="OriginateAsync"/> and hears of best-path changes through
/// <see cref="IBestPathObserver"/>; the CLI asks for snapshots with <see cref="QueryAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// Never waits on a peer. Input: every peer has its own bounded inbox (<see cref="PeerInbox"/>),
/// and one more takes the local originations and queries; the worker serves the inboxes that
/// have work round-robin, <see cref="RibOptions.MessagesPerTurn"/> messages each, so a peer that
/// floods it delays the others by a turn at most, and a peer's read loop waits only when its own
/// inbox is full.
/// </para>
/// <para>
/// Events are handled in batches: every route a batch touches is recorded with the path that was
/// best before it, and when the batch ends the net changes go to the observers and, per peer, into
/// its <see cref="AdjRibOutPending"/>, keyed by route, so a route that flaps costs nothing
/// downstream and a peer that cannot keep up holds at most one entry per route. The Adj-RIB-Out
/// itself is not stored: it is the best path of each route that the export rules let through,
/// which the worker can recompute at any time.
/// </para>
/// <para>
/// Output (OpenBGPD's XON/XOFF): after each batch the worker packs each peer's pending routes
/// into UPDATEs, grouped by outgoing attributes, in buffers it hands to the peer's send queue
/// without waiting, while that queue is below its high-water mark (a few hundred kB). A peer whose
/// queue is full is asked to signal when it drained; the signal arrives in its inbox and packing
/// resumes. Only the worker touches a pending set; the hand-over is the buffer, whose ownership
/// passes to the connection, and the XON signal back: no lock on either side.
/// </para>
/// <para>
/// Downstream, the other way round: while an observer has no room
/// (<see cref="IBestPathObserver.WaitForRoom"/>) the worker reads no peer's inbox, and a session
/// that went down has its routes withdrawn a slice at a time (<see cref="RibOptions.WithdrawalSlice"/>)
/// before any peer's later messages. So a full table or a session loss flows to the kernel at
/// the kernel's pace, and what is on its way is bounded by the observers' backlogs, not by a table.
/// </para>
/// </remarks>
public sealed partial class RibWorker : IBgpSessionSink
{
    private readonly RibOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<RibInbox> _ready = Channel.CreateUnbounded<RibInbox>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LocalInbox _local;
    private readonly ConcurrentDictionary<IRibPeer, PeerInbox> _inboxes = new(ReferenceEqualityComparer.Instance);
    private readonly List<PeerInbox> _openInboxes = new();
    private readonly Dictionary<AfiSafi, RibTable> _tables = new();
    private readonly Dictionary<IRibPeer, RibPeerState> _peers = new(ReferenceEqualityComparer.Instance);
    private readonly List<RibPeerState> _peerList = new();
    private readonly Dictionary<RibPathSourceKey, RibPathSource> _localSources = new();
    private readonly Dictionary<RibEntry, DirtyRoute> _dirty = new(ReferenceEqualityComparer.Instance);
    private readonly AttributeSetInterner _interner = new();
    private readonly HashSet<byte[]> _nextHops = new(ByteSequenceComparer.Instance);
    private readonly HashSet<byte[]>.AlternateLookup<ReadOnlySpan<byte>> _nextHopLookup;
    private readonly List<IBestPathObserver> _observers = new();
    // Sessions that went down, their routes still being withdrawn (oldest first).
    private readonly Queue<PeerWithdrawal> _withdrawals = new();
    // Peer inboxes with work, read from the ready queue while peers wait (see ServeReady); still
    // marked scheduled, so they come back only through here.
    private readonly Queue<RibInbox> _held = new();
    private BestPathChange[] _changes = new BestPathChange[256];
    // The UPDATE being handled: its routes' changes carry when it arrived (0 for anything else).
    private long _receivedAt;
    private int _changeCount;
    private readonly ConcurrentDictionary<BgpPeerSession, SessionRibPeer> _sessions = new(ReferenceEqualityComparer.Instance);
    private readonly Func<RibPathSource, int, byte[]> _buildExport;
    private int _liveSources;

    public RibWorker(RibOptions options, ILogger? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        foreach (var family in options.Families)
        {
            _tables.Add(family.Family, new RibTable(family));
        }
        _local = new LocalInbox(_ready.Writer, options.ChannelCapacity);
        _nextHopLookup = _nextHops.GetAlternateLookup<ReadOnlySpan<byte>>();
        _buildExport = (source, profile) => OutboundAttributes.Build(source, profile, _options.LocalAs, _options.EffectiveClusterId);
        _staging = new byte[StagingBytes];
    }

    /// <summary>Registers an observer of best-path changes; call before <see cref="RunAsync"/>.</summary>
    public void AddObserver(IBestPathObserver observer) => _observers.Add(observer);

    /// <summary>Runs the worker until cancelled; the RIB's state is touched only from here.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var ready = _ready.Reader;
        Task<bool>? readyWait = null;
        try
        {
            StartInitialConvergence();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ServeReady();
                Flush();
                // Nothing left that may be served now: wait for an inbox, or for the observers'
                // room when peers or a withdrawal wait for it.
                var room = _held.Count > 0 || _withdrawals.Count > 0 ? ObserversRoom() : null;
                if (room is null && (_held.Count > 0 || _withdrawals.Count > 0))
                {
                    continue;
                }
                readyWait ??= ready.WaitToReadAsync(cancellationToken).AsTask();
                if (room is not null)
                {
                    await Task.WhenAny(readyWait, room).ConfigureAwait(false);
                }
                else
                {
                    await readyWait.ConfigureAwait(false);
                }
                if (readyWait.IsCompleted)
                {
                    if (!await readyWait.ConfigureAwait(false))
                    {
                        break;
                    }
                    readyWait = null;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _local.Close();
            while (_local.TryTake(out var request))
            {
                (request as RibQuery)?.Result.TrySetCanceled();
            }
            foreach (var inbox in _inboxes.Values)
            {
                inbox.CloseProducer();
            }
            foreach (var inbox in _openInboxes)
            {
                inbox.CloseProducer();
            }
        }
    }

    /// <summary>
    /// Serves what may be served now, in batches of <see cref="RibOptions.MaxEventsPerBatch"/>:
    /// the ready inboxes round-robin and the withdrawals of sessions that went down. While the
    /// observers have no room, or a session's withdrawal is not through, the peers' inboxes are
    /// held (in order) and the local one is still served: the EVPN worker may be waiting on it
    /// to hand over originations, and that wait must not hang on the room it is making.
    /// </summary>
    private void ServeReady()
    {
        var ready = _ready.Reader;
        int handled = 0;
        while (true)
        {
            if (_held.Count > 0 || _withdrawals.Count > 0)
            {
                if (ObserversRoom() is null)
                {
                    if (_withdrawals.Count > 0)
                    {
                        // A slice, then its changes to the observers: their room is judged on them.
                        WithdrawSlice(_options.WithdrawalSlice);
                        Flush();
                        handled = 0;
                        continue;
                    }
                    var held = _held.Dequeue();
                    handled += Serve(held, _options.MessagesPerTurn);
                    held.EndTurn();
                }
                else if (ready.TryRead(out var next))
                {
                    if (next is PeerInbox)
                    {
                        _held.Enqueue(next);
                        continue;
                    }
                    handled += Serve(next, _options.MessagesPerTurn);
                    next.EndTurn();
                }
                else
                {
                    return;
                }
            }
            else if (ready.TryRead(out var inbox))
            {
                if (inbox is PeerInbox && (_withdrawals.Count > 0 || ObserversRoom() is not null))
                {
                    _held.Enqueue(inbox);
                    continue;
                }
                handled += Serve(inbox, _options.MessagesPerTurn);
                inbox.EndTurn();
            }
            else
            {
                return;
            }
            if (handled >= _options.MaxEventsPerBatch)
            {
                Flush();
                handled = 0;
            }
        }
    }

    /// <summary>Null when every observer has room for more changes; else a task that completes when one that had none has.</summary>
    private Task? ObserversRoom()
    {
        foreach (var observer in _observers)
        {
            if (observer.WaitForRoom() is { } room)
            {
                return room;
            }
        }
        return null;
    }

    /// <summary>
    /// Originates (or replaces) a route this speaker owns, e.g. an EVPN type-3 or type-2 route.
    /// ORIGIN IGP and an empty AS_PATH are added when <paramref name="attributes"/> lack them
    /// (the AS is prepended towards eBGP peers); the next hop is sent unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The family is not kept or the bytes are not exactly one route of it.</exception>
    public ValueTask OriginateAsync(AfiSafi family, ReadOnlyMemory<byte> nlri, ReadOnlyMemory<byte> nextHop, IReadOnlyList<PathAttribute> attributes, CancellationToken cancellationToken = default)
    {
        CheckLocalRoute(family, nlri.Span);
        return _local.PostAsync(new LocalRouteCommand(family, nlri.ToArray(), nextHop.ToArray(), attributes), cancellationToken);
    }

    /// <summary>Withdraws a route this speaker originated (matched by key).</summary>
    public ValueTask WithdrawLocalAsync(AfiSafi family, ReadOnlyMemory<byte> nlri, CancellationToken cancellationToken = default)
    {
        CheckLocalRoute(family, nlri.Span);
        return _local.PostAsync(new LocalRouteCommand(family, nlri.ToArray(), [], null), cancellationToken);
    }

    /// <summary>
    /// A snapshot of one table of one family, taken on the worker after everything already in its
    /// inboxes was handled and packed. <paramref name="peer"/> selects the peer for
    /// <see cref="RibView.AdjRibIn"/> (null: all) and <see cref="RibView.AdjRibOut"/> (required;
    /// empty when no such peer is up).
    /// </summary>
    public async Task<IReadOnlyList<RibRoute>> QueryAsync(RibView view, AfiSafi family, IPAddress? peer = null, CancellationToken cancellationToken = default)
    {
        var query = new RibQuery(view, family, peer);
        await _local.PostAsync(query, cancellationToken).ConfigureAwait(false);
        return await query.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void CheckLocalRoute(AfiSafi family, ReadOnlySpan<byte> nlri)
    {
        if (!_tables.TryGetValue(family, out var table))
        {
            throw new ArgumentException($"The RIB does not keep {family}.", nameof(family));
        }
        if (table.Descriptor.ReadNlri(nlri, out int length) != NlriReadStatus.Route || length != nlri.Length)
        {
            throw new ArgumentException($"Not exactly one {family} route: {Convert.ToHexString(nlri)}", nameof(nlri));
        }
    }

    /// <summary>One turn with an inbox: at most <paramref name="quantum"/> messages. Returns how many were handled.</summary>
    private int Serve(RibInbox inbox, int quantum) => inbox switch
    {
        PeerInbox peer => ServePeer(peer, quantum),
        LocalInbox local => ServeLocal(local, quantum),
        _ => throw new InvalidOperationException($"Unknown inbox {inbox.GetType().Name}."),
    };

    private int ServePeer(PeerInbox inbox, int quantum)
    {
        while (inbox.TryTakeControl(out var control))
        {
            HandleControl(inbox, control);
        }
        if (inbox.State is not { Up: true } peer)
        {
            inbox.DiscardAll();
            return 0;
        }
        int handled = 0;
        while (handled < quantum && inbox.TryPeek(out var record))
        {
            try
            {
                if (record.Kind == InboundKind.Update)
                {
                    _receivedAt = record.ReceivedAt;
                    HandleUpdate(peer, inbox.Data(record), record);
                    _receivedAt = 0;
                }
                else
                {
                    HandleRouteRefresh(peer, record.Family, record.Subtype);
                }
            }
            catch (Exception ex)
            {
                // One bad message must not take the RIB down with it.
                _logger.LogError(ex, "RIB: {Kind} from {Peer} failed", record.Kind, peer.Address);
            }
            finally
            {
                inbox.Release(record);
            }
            handled++;
        }
        return handled;
    }

    private void HandleControl(PeerInbox inbox, RibControl control)
    {
        try
        {
            switch (control.Kind)
            {
                case RibControlKind.Up:
                    HandlePeerUp(inbox);
                    break;
                case RibControlKind.Down:
                    if (inbox.State is { } state)
                    {
                        HandlePeerDown(state, control.Reason, control.Graceful);
                    }
                    inbox.State = null;
                    inbox.DiscardAll();
                    _openInboxes.Remove(inbox);
                    break;
                case RibControlKind.Drained:
                    if (inbox.State is { } drained)
                    {
                        drained.AwaitingDrain = false;
                    }
                    break;
                case RibControlKind.StaleTimeout:
                    if (inbox.State is { } stale && stale.Stale.TryGetValue(control.Family, out var routes) && routes.Generation == control.Generation)
                    {
                        _logger.LogWarning("RIB: {Peer} did not end its {Family} re-advertisement within {Time}; its stale routes go", stale.Address, control.Family, _options.StaleRoutesTime);
                        SweepStale(stale, control.Family);
                    }
                    break;
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "RIB: {Kind} of {Peer} failed", control.Kind, inbox.Peer.Address);
        }
    }

    private int ServeLocal(LocalInbox inbox, int quantum)
    {
        int handled = 0;
        while (handled < quantum && inbox.TryTake(out var request))
        {
            try
            {
                switch (request)
                {
                    case LocalRouteCommand command:
                        HandleLocalRoute(command);
                        break;
                    case RibQuery query:
                        ServeEverything();
                        Flush();
                        query.Result.TrySetResult(Snapshot(query));
                        break;
                    case RestartTimeExpired expired:
                        RestartTimeEnded(expired.Peer, expired.Generation);
                        break;
                    case SelectionDeferralExpired:
                        _tableComplete = true;
                        CompleteInitialConvergence("select-defer-time expired");
                        break;
                    case LocalRoutesCompleted completed:
                        EndLocalRoutesWait(completed);
                        break;
                }
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "RIB: {Request} failed", request.GetType().Name);
                (request as RibQuery)?.Result.TrySetException(ex);
            }
            handled++;
        }
        return handled;
    }

    /// <summary>
    /// Handles what the peers' inboxes hold now, so that a query sees what was posted before it.
    /// At most an inbox's worth each: a peer that keeps sending must not hold the query up.
    /// </summary>
    private void ServeEverything()
    {
        // Sessions that went down before the query are seen without their routes.
        while (_withdrawals.Count > 0)
        {
            WithdrawSlice(int.MaxValue);
        }
        foreach (var inbox in _inboxes.Values)
        {
            ServePeer(inbox, _options.PeerInboxMessages);
        }
    }
}
