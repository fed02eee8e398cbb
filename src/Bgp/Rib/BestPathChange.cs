using System.Net;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// A route whose best path changed, as the EVPN import layer sees it. The memory fields point to
/// immutable arrays the RIB keeps; they stay valid after the callback returns.
/// </summary>
public readonly record struct BestPathChange
{
    public required BestPathChangeKind Kind { get; init; }

    public required AfiSafi Family { get; init; }

    /// <summary>The best path's NLRI (for a withdrawal, the one that was best).</summary>
    public required ReadOnlyMemory<byte> Nlri { get; init; }

    /// <summary>The new best path's attributes; null when withdrawn.</summary>
    public PathAttributeSet? Attributes { get; init; }

    /// <summary>The new best path's MP_REACH next hop (the VTEP for EVPN); empty when withdrawn.</summary>
    public ReadOnlyMemory<byte> NextHop { get; init; }

    /// <summary>The peer the new best path came from; null when it is ours or withdrawn.</summary>
    public IPAddress? Peer { get; init; }

    /// <summary>The new best path is one this speaker originates.</summary>
    public bool IsLocal { get; init; }

    /// <summary>The attributes of the path that was best before (null for <see cref="BestPathChangeKind.Added"/>).</summary>
    public PathAttributeSet? PreviousAttributes { get; init; }

    public ReadOnlyMemory<byte> PreviousNextHop { get; init; }

    /// <summary>
    /// When the UPDATE that caused this change arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>);
    /// 0 when no UPDATE did (a local route, a timer, a peer going down).
    /// </summary>
    public long ReceivedAt { get; init; }

    /// <summary>The NLRI of the path that was best before (it may differ from <see cref="Nlri"/> in non-key fields).</summary>
    public ReadOnlyMemory<byte> PreviousNlri { get; init; }
}
