using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// Hands out the per-VNI index of an auto-derived RD (router-id:index, as FRR does). An index,
/// once given to a VNI, stays that VNI's across restarts: a peer that still holds our routes
/// from before a restart would otherwise see the same VNI under two RDs.
/// </summary>
public interface IRdIndexStore
{
    /// <summary>The VNI's index (1..65535), assigning the lowest free one the first time.</summary>
    ushort GetOrAssign(Vni vni);
}
