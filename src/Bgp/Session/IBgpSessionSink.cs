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
    /// (post to a channel). The RIB sends its UPDATEs and End-of-RIB through
    /// <see cref="BgpPeerSession.SendUpdates"/>, never waiting: when
    /// <see cref="BgpPeerSession.SendWindowOpen"/> is false it asks for
    /// <see cref="SendQueueDrained"/> with <see cref="BgpPeerSession.RequestSendQueueDrained"/>.
    /// </summary>
    void PeerUp(BgpPeerSession session);

    /// <summary>
    /// One received UPDATE, header included, checked once by the read path against RFC 7606:
    /// <paramref name="validation"/> is that check's outcome (never a session reset; those reset
    /// the session instead). <paramref name="update"/> is only valid until the returned task
    /// completes (it points into the connection's receive buffer): copy what you keep. The read
    /// loop awaits the task, so a RIB that cannot keep up slows this peer down through TCP; it
    /// must not make one peer wait for another. Complete synchronously when you can: the hot path
    /// then allocates nothing.
    /// </summary>
    ValueTask UpdateReceivedAsync(BgpPeerSession session, ReadOnlyMemory<byte> update, UpdateValidation validation, CancellationToken cancellationToken);

    /// <summary>
    /// A ROUTE-REFRESH (RFC 2918 / RFC 7313): a request to resend that family's Adj-RIB-Out, or the
    /// peer's BoRR/EoRR around its own re-advertisement, in order with its UPDATEs. Awaited like
    /// an UPDATE.
    /// </summary>
    ValueTask RouteRefreshReceivedAsync(BgpPeerSession session, RouteRefreshMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// XON: the session's send queue drained after <see cref="BgpPeerSession.RequestSendQueueDrained"/>
    /// found it full. Called from the connection's write loop: do not block.
    /// </summary>
    void SendQueueDrained(BgpPeerSession session);

    /// <summary>The session left Established; its routes must be withdrawn. Must not block.</summary>
    void PeerDown(BgpPeerSession session, string reason);
}
