namespace Evpnd.KernelSync;

/// <summary>A local MAC left the bridge FDB (aged out, flushed or deleted).</summary>
public sealed record LocalMacAged(int BridgeIfindex, int PortIfindex, MacAddress Mac, ushort Vlan) : MonitorEvent
{
    public override MonitorEventKind Kind => MonitorEventKind.LocalMacAged;
}
