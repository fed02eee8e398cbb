using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// What all routes one peer sent with one attribute set and next hop have in common: the
/// attributes, the MP next hop, the decision-process rank (derived once, RFC 4271 s9.1) and the
/// outgoing attribute encodings per kind of target peer. Shared, so a route costs one
/// <see cref="RibPath"/> plus its NLRI bytes.
/// </summary>
internal sealed class RibPathSource
{
    private byte[]?[]? _exports;

    public RibPathSource(RibPeerState? peer, PathAttributeSet attributes, byte[] nextHop, PathRank rank, bool looped)
    {
        Peer = peer;
        Attributes = attributes;
        NextHop = nextHop;
        Rank = rank;
        Looped = looped;
    }

    /// <summary>The peer it was learned from; null for routes this speaker originates.</summary>
    public RibPeerState? Peer { get; }

    public PathAttributeSet Attributes { get; }

    /// <summary>The MP_REACH_NLRI next hop (for EVPN the originating VTEP), interned.</summary>
    public byte[] NextHop { get; }

    /// <summary>A field, so the decision process reads it in place (<c>in</c>) without copying.</summary>
    public readonly PathRank Rank;

    /// <summary>ORIGINATOR_ID, CLUSTER_LIST or AS_PATH says the route has been here before: not accepted.</summary>
    public bool Looped { get; }

    /// <summary>Paths using this source; at zero the owner forgets it.</summary>
    public int RouteCount { get; set; }

    /// <summary>The outgoing attribute block for a target profile, computed on first use.</summary>
    public byte[] GetExport(int profile, Func<RibPathSource, int, byte[]> build)
    {
        _exports ??= new byte[]?[OutboundAttributes.ProfileCount];
        return _exports[profile] ??= build(this, profile);
    }
}
