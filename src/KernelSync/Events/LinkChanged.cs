namespace Evpnd.KernelSync;

/// <summary>
/// A device changed something this library tracks (name, master, up/down, VNI, local VTEP,
/// port, learning). Messages that change nothing tracked are not reported.
/// </summary>
public sealed record LinkChanged(LinkRecord Previous, LinkRecord Current) : MonitorEvent
{
    public override MonitorEventKind Kind => MonitorEventKind.LinkChanged;
}
