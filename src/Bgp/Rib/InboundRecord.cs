using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// One message in a <see cref="PeerInbox"/>: where its bytes are in the inbox's buffer and what
/// the session's read path already found out about it, so that the RIB does not check it again.
/// </summary>
internal readonly record struct InboundRecord
{
    public InboundKind Kind { get; init; }

    /// <summary>Start of the frame in the inbox's buffer.</summary>
    public int Offset { get; init; }

    public int Length { get; init; }

    /// <summary>Bytes of the buffer the record holds: its frame and the unused end of the buffer it skipped.</summary>
    public int Reserved { get; init; }

    /// <summary>The RFC 7606 action of an UPDATE (never <see cref="UpdateErrorAction.SessionReset"/>: the session resets instead).</summary>
    public UpdateErrorAction Action { get; init; }

    /// <summary>The attribute types RFC 7606 attribute discard drops.</summary>
    public AttributeTypeSet Discarded { get; init; }

    /// <summary>Why the UPDATE is not valid (only when it is not).</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// When the read loop handed the UPDATE over (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>):
    /// the start of the receive-to-kernel latency of its routes.
    /// </summary>
    public long ReceivedAt { get; init; }

    /// <summary>The ROUTE-REFRESH's family and subtype.</summary>
    public AfiSafi Family { get; init; }

    public RouteRefreshSubtype Subtype { get; init; }
}
