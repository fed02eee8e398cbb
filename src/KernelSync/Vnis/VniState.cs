using System.Net;

namespace Evpnd.KernelSync;

/// <summary>
/// How the kernel carries one VNI, as KernelSync resolves it from its link table: the VXLAN
/// device, the bridge it is enslaved to, its tunnel source and multicast group. KernelSync
/// programs a VNI's entries only while it is <see cref="Usable"/>.
/// </summary>
/// <param name="Device">The VXLAN device's name (e.g. vxlan100).</param>
/// <param name="Bridge">The bridge's name; null when the device is in no bridge.</param>
/// <param name="LocalVtep">IFLA_VXLAN_LOCAL/LOCAL6: our tunnel source, null when not set.</param>
/// <param name="MulticastGroup">IFLA_VXLAN_GROUP/GROUP6 when it is a multicast address: BUM goes to the group, not by head-end replication.</param>
/// <param name="Unsupported">Why evpnd cannot program this VNI although the device exists (a VLAN-aware bridge, a bridge with more than one VXLAN port, a vnifilter device); null when it can.</param>
public sealed record VniState(
    Vni Vni,
    string Device,
    bool Up,
    string? Bridge,
    IPAddress? LocalVtep,
    IPAddress? MulticastGroup,
    string? Unsupported)
{
    /// <summary>The VXLAN device's ifindex: a device re-created under the same name has another.</summary>
    public int DeviceIfindex { get; init; }

    /// <summary>The bridge's ifindex; 0 when the device is in no bridge.</summary>
    public int BridgeIfindex { get; init; }

    /// <summary>Entries can be programmed: the device is up, in a bridge, and in a layout evpnd supports.</summary>
    public bool Usable => Up && Bridge is not null && Unsupported is null;
}
