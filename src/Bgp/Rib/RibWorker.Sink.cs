using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>The session engine's side: posting to the peers' inboxes, never touching RIB state.</summary>
public sealed partial class RibWorker
{
    void IBgpSessionSink.PeerUp(BgpPeerSession session)
    {
        // Known by its session before its Up is posted: the drained signal of its first packed
        // UPDATEs may come back at once and is looked up by session.
        var peer = new SessionRibPeer(session);
        _sessions[session] = peer;
        peer.Inbox = PeerUp(peer);
    }

    ValueTask IBgpSessionSink.UpdateReceivedAsync(BgpPeerSession session, ReadOnlyMemory<byte> update, UpdateValidation validation, CancellationToken cancellationToken) =>
        _sessions.TryGetValue(session, out var peer) ? peer.Inbox!.PostUpdateAsync(update, validation, cancellationToken) : default;

    ValueTask IBgpSessionSink.RouteRefreshReceivedAsync(BgpPeerSession session, RouteRefreshMessage message, CancellationToken cancellationToken) =>
        _sessions.TryGetValue(session, out var peer) ? peer.Inbox!.PostRouteRefreshAsync(message, cancellationToken) : default;

    void IBgpSessionSink.SendQueueDrained(BgpPeerSession session)
    {
        if (_sessions.TryGetValue(session, out var peer))
        {
            SendQueueDrained(peer);
        }
    }

    void IBgpSessionSink.PeerDown(BgpPeerSession session, string reason)
    {
        if (_sessions.TryRemove(session, out var peer))
        {
            PeerDown(peer, reason, session.RoutesRetained);
        }
    }

    /// <summary>Opens the peer's inbox; its first message is Up.</summary>
    internal PeerInbox PeerUp(IRibPeer peer)
    {
        var inbox = new PeerInbox(_ready.Writer, peer, _options.PeerInboxBytes, _options.PeerInboxMessages);
        _inboxes[peer] = inbox;
        inbox.PostControl(new RibControl(RibControlKind.Up));
        return inbox;
    }

    /// <summary>
    /// The session's read path: an UPDATE it checked (RFC 7606) once. Copies it into the peer's
    /// inbox; the task waits only while that inbox is full.
    /// </summary>
    internal ValueTask UpdateReceivedAsync(IRibPeer peer, ReadOnlyMemory<byte> update, in UpdateValidation validation, CancellationToken cancellationToken) =>
        _inboxes.TryGetValue(peer, out var inbox) ? inbox.PostUpdateAsync(update, validation, cancellationToken) : default;

    /// <summary>As the session's read path does it: checks the UPDATE with the peer's options, then hands it over.</summary>
    internal ValueTask UpdateReceivedAsync(IRibPeer peer, ReadOnlyMemory<byte> update, CancellationToken cancellationToken)
    {
        var options = new UpdateCodecOptions(peer.Negotiated.FourOctetAs, peer.Negotiated.MaxMessageLength, peer.Negotiated.Families);
        var validation = new UpdateReader(update.Span).Validate(options);
        return UpdateReceivedAsync(peer, update, validation, cancellationToken);
    }

    internal ValueTask RouteRefreshReceivedAsync(IRibPeer peer, RouteRefreshMessage message, CancellationToken cancellationToken = default) =>
        _inboxes.TryGetValue(peer, out var inbox) ? inbox.PostRouteRefreshAsync(message, cancellationToken) : default;

    /// <summary>XON: the peer's send queue drained; packing for it resumes.</summary>
    internal void SendQueueDrained(IRibPeer peer)
    {
        if (_inboxes.TryGetValue(peer, out var inbox))
        {
            inbox.PostControl(new RibControl(RibControlKind.Drained));
        }
    }

    /// <param name="graceful">Graceful Restart applies (RFC 4724 s4.2): the peer's routes stay as stale.</param>
    internal void PeerDown(IRibPeer peer, string reason, bool graceful = false)
    {
        if (_inboxes.TryRemove(peer, out var inbox))
        {
            inbox.CloseProducer();
            inbox.PostControl(new RibControl(RibControlKind.Down, reason, Graceful: graceful));
        }
    }

    /// <summary>Entries a table holds, routes waiting to be sent as withdrawals included (for tests; worker thread or a stopped worker).</summary>
    internal int EntryCount(AfiSafi family) => _tables.TryGetValue(family, out var table) ? table.Count : 0;

    /// <summary>The bytes waiting in a peer's inbox (for tests).</summary>
    internal long InboxBytes(IRibPeer peer) => _inboxes.TryGetValue(peer, out var inbox) ? inbox.QueuedBytes : 0;
}
