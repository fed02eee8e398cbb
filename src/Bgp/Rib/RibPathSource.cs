using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// What all routes of one family that one peer sent with one attribute set and next hop have in
/// common: the attributes, the MP next hop, the decision-process rank (derived once, RFC 4271
/// s9.1) and the outgoing attribute encodings per kind of target peer. Shared, so a route costs
/// its <see cref="RibEntry"/> plus its NLRI bytes.
/// </summary>
/// <remarks>
/// Staleness is kept here, not per path (RFC 7313 s4, and the same for Graceful Restart, RFC 4724
/// s4.2): marking a peer's routes of a family stale moves its sources aside, so routes it sends
/// again get fresh sources while the ones it does not stay on the stale sources until swept. It
/// costs nothing per route.
/// </remarks>
internal sealed class RibPathSource
{
    private byte[]?[]? _exports;

    public RibPathSource(RibPeerState? peer, AfiSafi family, PathAttributeSet attributes, byte[] nextHop, PathRank rank, bool looped)
    {
        Peer = peer;
        Family = family;
        Attributes = attributes;
        NextHop = nextHop;
        Rank = rank;
        Looped = looped;
    }

    /// <summary>The peer it was learned from; null for routes this speaker originates.</summary>
    public RibPeerState? Peer { get; }

    public AfiSafi Family { get; }

    public PathAttributeSet Attributes { get; }

    /// <summary>The MP_REACH_NLRI next hop (for EVPN the originating VTEP), interned.</summary>
    public byte[] NextHop { get; }

    /// <summary>A field, so the decision process reads it in place (<c>in</c>) without copying.</summary>
    public readonly PathRank Rank;

    /// <summary>ORIGINATOR_ID, CLUSTER_LIST or AS_PATH says the route has been here before: not accepted.</summary>
    public bool Looped { get; }

    /// <summary>Paths using this source; at zero the owner forgets it.</summary>
    public int RouteCount { get; set; }

    /// <summary>Its routes were marked stale (a BoRR, RFC 7313 s4) and have not been sent again under it.</summary>
    public bool Stale { get; set; }

    /// <summary>The outgoing attribute block for a target profile, computed on first use.</summary>
    public byte[] GetExport(int profile, Func<RibPathSource, int, byte[]> build)
    {
        _exports ??= new byte[]?[OutboundAttributes.ProfileCount];
        return _exports[profile] ??= build(this, profile);
    }

    /// <summary>
    /// Shares the outgoing encodings of a stale source with the same key: a route sent again
    /// unchanged then goes to the other peers with the very same bytes, which the worker
    /// recognises by reference and does not send again.
    /// </summary>
    public void AdoptExports(RibPathSource stale) => _exports = stale._exports ??= new byte[]?[OutboundAttributes.ProfileCount];
}
