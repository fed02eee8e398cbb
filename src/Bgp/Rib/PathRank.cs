using System.Net;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// The facts of one path that the decision process compares (RFC 4271 s9.1, RFC 4456 s9),
/// taken once from its attribute set and session so the comparison itself allocates nothing.
/// </summary>
public readonly record struct PathRank
{
    /// <summary>A path we originate ourselves: preferred over any learned path (FRR's weight 32768).</summary>
    public bool Local { get; init; }
    public uint LocalPreference { get; init; }
    /// <summary>AS_PATH length per RFC 4271 s9.1.2.2 a: an AS_SET counts 1, confederation segments 0.</summary>
    public int AsPathLength { get; init; }
    /// <summary>ORIGIN: 0 IGP, 1 EGP, 2 INCOMPLETE.</summary>
    public byte Origin { get; init; }
    public uint MultiExitDisc { get; init; }
    /// <summary>The first AS of the AS_PATH (0 when empty): MED is compared only between paths from the same neighbor AS.</summary>
    public uint NeighborAs { get; init; }
    public bool FromExternalPeer { get; init; }
    /// <summary>ORIGINATOR_ID when present, else the peer's BGP identifier (RFC 4456 s9), host order.</summary>
    public uint OriginatorOrRouterId { get; init; }
    public int ClusterListLength { get; init; }
    /// <summary>The peer's transport address (the final tie-break).</summary>
    public IPAddress? PeerAddress { get; init; }
}
