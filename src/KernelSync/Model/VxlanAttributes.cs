using System.Net;

namespace Evpnd.KernelSync;

/// <summary>
/// The IFLA_INFO_DATA of a "vxlan" link. <see cref="DestinationPort"/> is already converted
/// from the big-endian IFLA_VXLAN_PORT. <see cref="CollectMetadata"/> with <see cref="VniFilter"/>
/// is a single VXLAN device carrying many VNIs. <see cref="Group"/> is IFLA_VXLAN_GROUP/GROUP6: a
/// multicast group carries BUM traffic (a unicast one is a default remote VTEP); null when unset.
/// </summary>
public sealed record VxlanAttributes(
    uint Vni,
    IPAddress? Local,
    ushort DestinationPort,
    bool Learning,
    bool CollectMetadata,
    bool VniFilter = false,
    IPAddress? Group = null);
