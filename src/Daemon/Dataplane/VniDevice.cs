using System.Net;

namespace Evpnd.Daemon.Dataplane;

/// <summary>
/// A VXLAN device and the bridge it is enslaved to, as the kernel reports them: where the
/// entries of one VNI are programmed.
/// </summary>
internal sealed record VniDevice(uint Vni, int VxlanIfindex, string Name, int BridgeIfindex, IPAddress? LocalVtep, bool Up)
{
    /// <summary>Entries can be programmed: the device is in a bridge (remote MACs need NDA_MASTER).</summary>
    public bool Usable => BridgeIfindex != 0;
}
