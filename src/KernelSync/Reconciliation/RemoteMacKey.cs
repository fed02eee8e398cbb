namespace Evpnd.KernelSync;

/// <summary>What identifies a remote MAC in the kernel: the VXLAN device, the MAC and the VLAN.</summary>
public readonly record struct RemoteMacKey(int VxlanIfindex, MacAddress Mac, ushort Vlan)
{
    public static RemoteMacKey Of(in RemoteMacEntry entry) => new(entry.VxlanIfindex, entry.Mac, entry.Vlan);
}
