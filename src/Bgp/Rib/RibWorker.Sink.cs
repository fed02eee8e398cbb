using System.Buffers;
using System.Threading.Channels;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Rib;

/// <summary>The session engine's side: posting to the worker's channel, never touching RIB state.</summary>
public sealed partial class RibWorker
{
    void IBgpSessionSink.PeerUp(BgpPeerSession session)
    {
        var peer = new SessionRibPeer(session);
        _sessions[session] = peer;
        PeerUp(peer);
    }

    ValueTask IBgpSessionSink.UpdateReceivedAsync(BgpPeerSession session, ReadOnlyMemory<byte> update, CancellationToken cancellationToken) =>
        _sessions.TryGetValue(session, out var peer) ? UpdateReceivedAsync(peer, update, cancellationToken) : default;

    void IBgpSessionSink.RouteRefreshReceived(BgpPeerSession session, RouteRefreshMessage message)
    {
        if (_sessions.TryGetValue(session, out var peer))
        {
            RouteRefreshReceived(peer, message.Family);
        }
    }

    void IBgpSessionSink.PeerDown(BgpPeerSession session, string reason)
    {
        if (_sessions.TryRemove(session, out var peer))
        {
            PeerDown(peer, reason);
        }
    }

    internal void PeerUp(IRibPeer peer) => PostControl(new RibEvent(RibEventKind.PeerUp, peer, null, 0, null));

    /// <summary>Copies the UPDATE into a pooled buffer and posts it; waits only while the channel is full.</summary>
    internal ValueTask UpdateReceivedAsync(IRibPeer peer, ReadOnlyMemory<byte> update, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(update.Length);
        update.Span.CopyTo(buffer);
        var e = new RibEvent(RibEventKind.Update, peer, buffer, update.Length, null);
        return _channel.Writer.TryWrite(e) ? default : WriteSlowAsync(e, cancellationToken);
    }

    internal void RouteRefreshReceived(IRibPeer peer, AfiSafi family) =>
        PostControl(new RibEvent(RibEventKind.RouteRefresh, peer, null, 0, family));

    internal void PeerDown(IRibPeer peer, string reason) =>
        PostControl(new RibEvent(RibEventKind.PeerDown, peer, null, 0, reason));

    private async ValueTask WriteSlowAsync(RibEvent e, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(e, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            Release(e);
            if (ex is OperationCanceledException)
            {
                throw;
            }
        }
    }

    /// <summary>
    /// Posts an event the caller must not wait for (the session holds its lock). When the channel
    /// is full the write queues behind the waiting UPDATE writers, which the channel serves in
    /// order, so a peer's events still arrive in the order they were posted.
    /// </summary>
    private void PostControl(RibEvent e)
    {
        if (!_channel.Writer.TryWrite(e))
        {
            _ = WriteControlAsync(e);
        }
    }

    private async Task WriteControlAsync(RibEvent e)
    {
        try
        {
            await WriteSlowAsync(e, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "RIB: could not post {Kind} for {Peer}", e.Kind, e.Peer?.Address);
        }
    }
}
