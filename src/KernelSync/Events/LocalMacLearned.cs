namespace Evpnd.KernelSync;

/// <summary>
/// The bridge learned (or an operator added, <paramref name="Static"/>) a MAC on a local port:
/// a candidate for a type-2 route. Entries on the VXLAN port and the bridge's own permanent
/// addresses are never reported.
/// </summary>
public sealed record LocalMacLearned(int BridgeIfindex, int PortIfindex, MacAddress Mac, ushort Vlan, bool Static) : MonitorEvent
{
    public override MonitorEventKind Kind => MonitorEventKind.LocalMacLearned;
}
