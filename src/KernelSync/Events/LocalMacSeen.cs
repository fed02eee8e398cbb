namespace Evpnd.KernelSync;

/// <summary>
/// A host MAC on a local bridge port of the VNI's bridge (learned, or added by an operator:
/// <paramref name="Static"/>): a candidate for a type-2 route. Entries on the VXLAN port and the
/// bridge's own addresses are never reported.
/// </summary>
public sealed record LocalMacSeen(Vni Vni, MacAddress Mac, bool Static) : KernelEvent;
