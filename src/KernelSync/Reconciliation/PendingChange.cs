namespace Evpnd.KernelSync;

/// <summary>
/// One change queued by <see cref="KernelReconciler"/> until its flush: what to send, and what
/// the ownership record held before (<see cref="HadPrevious"/>, <see cref="Previous"/>), so that a
/// refused request can be undone without a closure per command.
/// </summary>
/// <remarks>
/// For <see cref="PendingChangeKind.FloodAdd"/>, <see cref="HadPrevious"/> means the flood entry
/// was already ours (an APPEND of a VTEP we had).
/// </remarks>
internal readonly record struct PendingChange(
    PendingChangeKind Kind,
    RemoteMacEntry Mac = default,
    FloodEntry Flood = default,
    NeighborEntry Neighbor = default,
    bool HadPrevious = false,
    RemoteMacEntry Previous = default);
