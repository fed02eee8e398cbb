namespace Evpnd.Bgp.Rib;

/// <summary>A route touched in the current batch and the path that was best before the batch.</summary>
internal readonly record struct DirtyRoute(RibTable Table, RibPath? OldBest);
