namespace Evpnd.KernelSync;

/// <summary>What identifies an ARP/ND entry: the device and the IP address.</summary>
public readonly record struct NeighborKey(int Ifindex, IpAddressValue Address)
{
    public static NeighborKey Of(in NeighborEntry entry) => new(entry.Ifindex, entry.Address);
}
