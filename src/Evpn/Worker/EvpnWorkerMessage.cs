namespace Evpnd.Evpn.Worker;

/// <summary>What the EVPN worker's inbox holds: exactly these kinds (<see cref="EvpnWorkerMessageKind"/>).</summary>
public abstract record EvpnWorkerMessage
{
    private protected EvpnWorkerMessage()
    {
    }

    public abstract EvpnWorkerMessageKind Kind { get; }
}
