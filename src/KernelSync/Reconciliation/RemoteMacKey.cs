namespace Evpnd.KernelSync;

/// <summary>
/// What identifies a remote MAC: the VXLAN device, the MAC, the bridge VLAN and, on a single
/// VXLAN device, the VNI. The MAC and the VLAN share one 64-bit field (48 + 16 bits), so that the
/// key is 16 bytes.
/// </summary>
public readonly record struct RemoteMacKey
{
    private const ulong MacBits = 0xFFFF_FFFF_FFFFUL;
    private readonly ulong _macAndVlan;

    public RemoteMacKey(int vxlanIfindex, MacAddress mac, ushort vlan, uint sourceVni = 0)
    {
        _macAndVlan = mac.Value | ((ulong)vlan << 48);
        VxlanIfindex = vxlanIfindex;
        SourceVni = sourceVni;
    }

    public int VxlanIfindex { get; }

    public MacAddress Mac => new(_macAndVlan & MacBits);

    public ushort Vlan => (ushort)(_macAndVlan >> 48);

    public uint SourceVni { get; }

    public static RemoteMacKey Of(in RemoteMacEntry entry) => new(entry.VxlanIfindex, entry.Mac, entry.Vlan, entry.SourceVni);
}
