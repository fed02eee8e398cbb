using System.Buffers;
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
/// engine): Adj-RIBs-In, the Loc-RIB with the RFC 4271 s9 decision process, and the Adj-RIBs-Out,
/// fed by one bounded channel of typed events. Sessions post to it through
/// <see cref="IBgpSessionSink"/>; the EVPN layer originates routes with <see cref="OriginateAsync"/>
/// and hears of best-path changes through <see cref="IBestPathObserver"/>; the CLI asks for
/// snapshots with <see cref="QueryAsync"/>.
/// </summary>
/// <remarks>
/// Events are handled in batches: every route a batch touches is recorded with the path that was
/// best before it, and when the batch ends the net changes go to the observers and, grouped by
/// outgoing attributes, to every synchronized peer. A route that flaps within a batch costs nothing
/// downstream, and UPDATEs carry as many NLRI as fit. The Adj-RIB-Out of a peer is not stored: it
/// is the best path of each route that the export rules let through to that peer, which the worker
/// can recompute at any time (route refresh, a snapshot) because it alone changes the Loc-RIB and
/// every change since the peer's initial dump was sent to it.
/// </remarks>
public sealed partial class RibWorker : IBgpSessionSink
{
    private readonly RibOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<RibEvent> _channel;
    private readonly Dictionary<AfiSafi, RibTable> _tables = new();
    private readonly Dictionary<IRibPeer, RibPeerState> _peers = new(ReferenceEqualityComparer.Instance);
    private readonly List<RibPeerState> _peerList = new();
    private readonly Dictionary<(PathAttributeSet Attributes, byte[] NextHop), RibPathSource> _localSources = new();
    private readonly Dictionary<RibEntry, DirtyRoute> _dirty = new(ReferenceEqualityComparer.Instance);
    private readonly AttributeSetInterner _interner = new();
    private readonly HashSet<byte[]> _nextHops = new(ByteSequenceComparer.Instance);
    private readonly HashSet<byte[]>.AlternateLookup<ReadOnlySpan<byte>> _nextHopLookup;
    private readonly List<IBestPathObserver> _observers = new();
    private BestPathChange[] _changes = new BestPathChange[256];
    private int _changeCount;
    private readonly ConcurrentDictionary<BgpPeerSession, SessionRibPeer> _sessions = new(ReferenceEqualityComparer.Instance);
    private readonly Func<RibPathSource, int, byte[]> _buildExport;
    private readonly byte[] _staging = new byte[256 * 1024];
    private readonly List<int> _messageEnds = new();
    private readonly byte[] _endOfRib = new byte[64];
    private int _liveSources;

    public RibWorker(RibOptions options, ILogger? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        foreach (var family in options.Families)
        {
            _tables.Add(family.Family, new RibTable(family));
        }
        _channel = Channel.CreateBounded<RibEvent>(new BoundedChannelOptions(options.ChannelCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _nextHopLookup = _nextHops.GetAlternateLookup<ReadOnlySpan<byte>>();
        _buildExport = (source, profile) => OutboundAttributes.Build(source, profile, _options.LocalAs, _options.EffectiveClusterId);
    }

    /// <summary>Registers an observer of best-path changes; call before <see cref="RunAsync"/>.</summary>
    public void AddObserver(IBestPathObserver observer) => _observers.Add(observer);

    /// <summary>Runs the worker until cancelled; the RIB's state is touched only from here.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                int handled = 0;
                while (handled < _options.MaxEventsPerBatch && reader.TryRead(out var e))
                {
                    await HandleAsync(e, cancellationToken).ConfigureAwait(false);
                    handled++;
                }
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _channel.Writer.TryComplete();
            while (reader.TryRead(out var e))
            {
                Release(e);
            }
        }
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
        var command = new LocalRouteCommand(family, nlri.ToArray(), nextHop.ToArray(), attributes);
        return _channel.Writer.WriteAsync(new RibEvent(RibEventKind.Originate, null, null, 0, command), cancellationToken);
    }

    /// <summary>Withdraws a route this speaker originated (matched by key).</summary>
    public ValueTask WithdrawLocalAsync(AfiSafi family, ReadOnlyMemory<byte> nlri, CancellationToken cancellationToken = default)
    {
        CheckLocalRoute(family, nlri.Span);
        var command = new LocalRouteCommand(family, nlri.ToArray(), [], null);
        return _channel.Writer.WriteAsync(new RibEvent(RibEventKind.WithdrawLocal, null, null, 0, command), cancellationToken);
    }

    /// <summary>
    /// A snapshot of one table of one family, taken on the worker after pending changes went out.
    /// <paramref name="peer"/> selects the peer for <see cref="RibView.AdjRibIn"/> (null: all) and
    /// <see cref="RibView.AdjRibOut"/> (required; empty when no such peer is up).
    /// </summary>
    public async Task<IReadOnlyList<RibRoute>> QueryAsync(RibView view, AfiSafi family, IPAddress? peer = null, CancellationToken cancellationToken = default)
    {
        var query = new RibQuery(view, family, peer);
        await _channel.Writer.WriteAsync(new RibEvent(RibEventKind.Query, null, null, 0, query), cancellationToken).ConfigureAwait(false);
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

    private async ValueTask HandleAsync(RibEvent e, CancellationToken cancellationToken)
    {
        try
        {
            switch (e.Kind)
            {
                case RibEventKind.Update:
                    if (_peers.TryGetValue(e.Peer!, out var peer))
                    {
                        HandleUpdate(peer, e.Buffer.AsSpan(0, e.Length));
                    }
                    break;
                case RibEventKind.PeerUp:
                    await HandlePeerUpAsync(e.Peer!, cancellationToken).ConfigureAwait(false);
                    break;
                case RibEventKind.RouteRefresh:
                    await HandleRouteRefreshAsync(e.Peer!, (AfiSafi)e.Payload!, cancellationToken).ConfigureAwait(false);
                    break;
                case RibEventKind.PeerDown:
                    HandlePeerDown(e.Peer!, (string?)e.Payload);
                    break;
                case RibEventKind.Originate:
                case RibEventKind.WithdrawLocal:
                    HandleLocalRoute((LocalRouteCommand)e.Payload!);
                    break;
                case RibEventKind.Query:
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    var query = (RibQuery)e.Payload!;
                    query.Result.TrySetResult(Snapshot(query));
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One bad event must not take the RIB down with it.
            _logger.LogError(ex, "RIB: {Kind} from {Peer} failed", e.Kind, e.Peer?.Address);
            if (e.Payload is RibQuery query)
            {
                query.Result.TrySetException(ex);
            }
        }
        finally
        {
            if (e.Buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(e.Buffer);
            }
        }
    }

    private static void Release(RibEvent e)
    {
        if (e.Buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(e.Buffer);
        }
        if (e.Payload is RibQuery query)
        {
            query.Result.TrySetCanceled();
        }
    }
}
