namespace Evpnd.KernelSync;

/// <summary>A remote IP-to-MAC binding (a MAC/IP route) for ARP/ND suppression.</summary>
public sealed record NeighborWanted(NeighborEntry Entry) : KernelCommand;
