using Evpnd.KernelSync;

namespace Evpnd.Evpn.Worker;

/// <summary>An event of the KernelSync worker (VNI states, local MACs and neighbours, failures).</summary>
public sealed record KernelEventReceived(KernelEvent Event) : EvpnWorkerMessage
{
    public override EvpnWorkerMessageKind Kind => EvpnWorkerMessageKind.Kernel;
}
