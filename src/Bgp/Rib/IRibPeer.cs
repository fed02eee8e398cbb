using System.Net;
using Evpnd.Bgp.Session;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// One Established session as the RIB worker sees it: the negotiated facts and a way to send
/// UPDATEs. <see cref="SessionRibPeer"/> adapts <see cref="BgpPeerSession"/>; tests use a recorder.
/// A new instance per session: the worker compares them by reference.
/// </summary>
internal interface IRibPeer
{
    IPAddress Address { get; }

    NegotiatedSession Negotiated { get; }

    /// <summary>A route-reflector client (RFC 4456): iBGP routes are reflected to and from it. Off for a leaf.</summary>
    bool IsRouteReflectorClient { get; }

    /// <summary>Sends one complete UPDATE; the bytes are copied before the task completes. False when the session is down.</summary>
    ValueTask<bool> SendUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken);
}
