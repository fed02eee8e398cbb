namespace Evpnd.KernelSync;

/// <summary>The whole wanted dataplane at once (start-up, or after the RIB was rebuilt): triggers a full reconcile.</summary>
public sealed record DesiredStateReplaced(
    IReadOnlyCollection<FloodEntry> Flood,
    IReadOnlyCollection<RemoteMacEntry> RemoteMacs,
    IReadOnlyCollection<NeighborEntry> Neighbors) : KernelCommand;
