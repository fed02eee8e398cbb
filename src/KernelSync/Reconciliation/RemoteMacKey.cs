namespace Evpnd.KernelSync;

/// <summary>
/// What identifies a remote MAC: the VXLAN device, the MAC, the bridge VLAN and, on a single
/// VXLAN device, the VNI.
/// </summary>
public readonly record struct RemoteMacKey(int VxlanIfindex, MacAddress Mac, ushort Vlan, uint SourceVni = 0)
{
    public static RemoteMacKey Of(in RemoteMacEntry entry) => new(entry.VxlanIfindex, entry.Mac, entry.Vlan, entry.SourceVni);
}
