using System.Net;

namespace Evpnd.KernelSync;

/// <summary>
/// A MAC reachable behind a remote VTEP: installed on both the bridge (NTF_MASTER) and the VXLAN
/// device (NTF_SELF) in one request. <paramref name="Vlan"/> is 0 unless the bridge is
/// VLAN-aware. A sticky MAC (RFC 7432 s15.2) is static and may not move.
/// <paramref name="SourceVni"/> (NDA_SRC_VNI) selects the VNI on a single VXLAN device; 0 otherwise.
/// </summary>
public readonly record struct RemoteMacEntry(
    int VxlanIfindex,
    int BridgeIfindex,
    MacAddress Mac,
    IPAddress RemoteVtep,
    ushort Vlan = 0,
    bool Sticky = false,
    uint SourceVni = 0);
