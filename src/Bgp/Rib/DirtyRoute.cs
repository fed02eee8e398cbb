namespace Evpnd.Bgp.Rib;

/// <summary>A route touched in the current batch and its best path before the batch (no source: it had none).</summary>
internal readonly record struct DirtyRoute(RibTable Table, RibPathSource? OldSource, byte[] OldNlri);
