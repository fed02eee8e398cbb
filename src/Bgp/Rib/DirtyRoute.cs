namespace Evpnd.Bgp.Rib;

/// <summary>
/// A route touched in the current batch and its best path before the batch (no source: it had
/// none); <see cref="ReceivedAt"/> is when the first UPDATE that touched it arrived (0: none did).
/// </summary>
internal readonly record struct DirtyRoute(RibTable Table, RibPathSource? OldSource, ReadOnlyMemory<byte> OldNlri, long ReceivedAt = 0);
