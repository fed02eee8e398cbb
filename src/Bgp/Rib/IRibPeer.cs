using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// One Established session as the RIB worker sees it: the negotiated facts and a send queue it
/// hands packed UPDATEs to without ever waiting (OpenBGPD's XON/XOFF between its route decision
/// engine and session engine). <see cref="SessionRibPeer"/> adapts <see cref="BgpPeerSession"/>;
/// tests use a recorder. A new instance per session: the worker compares them by reference.
/// </summary>
internal interface IRibPeer
{
    IPAddress Address { get; }

    NegotiatedSession Negotiated { get; }

    /// <summary>A route-reflector client (RFC 4456): iBGP routes are reflected to and from it. Off for a leaf.</summary>
    bool IsRouteReflectorClient { get; }

    /// <summary>The send queue takes more (it is below its high-water mark).</summary>
    bool CanSend { get; }

    /// <summary>
    /// Queues complete messages in <paramref name="buffer"/> (rented from
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/>; the peer owns it from now on and returns
    /// it). Never waits. False when the session is down.
    /// </summary>
    bool Send(byte[] buffer, int length);

    /// <summary>
    /// XOFF: asks to be told (<see cref="RibWorker.SendQueueDrained"/>) once the send queue has
    /// drained. False when it has room already, so the caller goes on at once and no signal comes.
    /// </summary>
    bool RequestDrainSignal();

    /// <summary>Routes the RIB has waiting for this peer, published for the CLI.</summary>
    void ReportPending(int routes);

    /// <summary>The most routes the peer may have accepted at once; null: no limit.</summary>
    MaximumPrefix? MaximumPrefix { get; }

    /// <summary>Routes accepted from the peer and held now, published for the CLI.</summary>
    void ReportAccepted(int routes);

    /// <summary>A route past the limit was refused: end the session (Cease 6/1). Called once.</summary>
    void ExceedMaximumPrefix(AfiSafi family);
}
