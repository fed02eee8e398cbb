using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// The seam between the session engine and the RIB. Calls for one peer come in order (PeerUp,
/// then UPDATEs and ROUTE-REFRESHes, then PeerDown), but a late UPDATE of a session may race
/// with its PeerDown: compare the <see cref="BgpPeerSession"/> instance (one per Established
/// session) and drop input for sessions already down.
/// </summary>
public interface IBgpSessionSink
{
    /// <summary>
    /// The session reached Established. Called while the peer's state is locked: do not block
    /// (post to a channel). The RIB sends its initial UPDATEs and End-of-RIB through
    /// <see cref="BgpPeerSession.SendUpdateAsync"/>.
    /// </summary>
    void PeerUp(BgpPeerSession session);

    /// <summary>
    /// One received UPDATE, header included, already checked for session-fatal errors.
    /// <paramref name="update"/> is only valid until the returned task completes (it points into
    /// the connection's receive buffer): copy what you keep, e.g. into a pooled buffer posted on a
    /// bounded channel. The read loop awaits the task, so a slow RIB slows the peer down through
    /// TCP instead of buffering without bound. Complete synchronously when you can: the hot path
    /// then allocates nothing.
    /// </summary>
    ValueTask UpdateReceivedAsync(BgpPeerSession session, ReadOnlyMemory<byte> update, CancellationToken cancellationToken);

    /// <summary>A ROUTE-REFRESH (RFC 2918 / RFC 7313) from the peer: resend that family's Adj-RIB-Out.</summary>
    void RouteRefreshReceived(BgpPeerSession session, RouteRefreshMessage message);

    /// <summary>The session left Established; its routes must be withdrawn. Must not block.</summary>
    void PeerDown(BgpPeerSession session, string reason);
}
