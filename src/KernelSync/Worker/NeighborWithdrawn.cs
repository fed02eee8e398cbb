namespace Evpnd.KernelSync;

/// <summary>A remote IP-to-MAC binding is withdrawn.</summary>
public sealed record NeighborWithdrawn(NeighborEntry Entry) : KernelCommand;
