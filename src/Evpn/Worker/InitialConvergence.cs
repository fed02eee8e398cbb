namespace Evpnd.Evpn.Worker;

/// <summary>
/// The RIB has selected routes after a restart (End-of-RIB from every Graceful Restart peer, or
/// select-defer-time): every intent that follows from them is handed to KernelSync, then
/// KernelSync is told the desired state is complete, so that it removes what nobody wants any more
/// and leaves the rest as it is (RFC 4724 s4.1).
/// </summary>
public sealed record InitialConvergence : EvpnWorkerMessage
{
    public static readonly InitialConvergence Instance = new();

    private InitialConvergence()
    {
    }

    public override EvpnWorkerMessageKind Kind => EvpnWorkerMessageKind.InitialConvergence;
}
