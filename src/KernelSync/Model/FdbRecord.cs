using System.Net;

namespace Evpnd.KernelSync;

/// <summary>
/// One bridge or VXLAN FDB entry as the kernel reports it (dump or event).
/// <see cref="Destination"/> is the remote VTEP of a VXLAN entry; <see cref="MasterIfindex"/>
/// the bridge of a bridge entry (0 when absent); <see cref="SourceVni"/> the NDA_SRC_VNI of an
/// entry on a single VXLAN device (0 when absent).
/// </summary>
public sealed record FdbRecord(
    int Ifindex,
    MacAddress Mac,
    ushort Vlan,
    IPAddress? Destination,
    int MasterIfindex,
    NeighborFlags Flags,
    NeighborStates State,
    uint SourceVni = 0)
{
    public bool IsPermanent => (State & NeighborStates.Permanent) != 0;

    public bool IsExternallyLearned => (Flags & NeighborFlags.ExtLearned) != 0;
}
