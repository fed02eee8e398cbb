namespace Evpnd.Evpn.Worker;

/// <summary>Once a second: the engine's timers (duplicate detection windows, freezes).</summary>
public sealed record EngineTick : EvpnWorkerMessage
{
    public static readonly EngineTick Instance = new();

    private EngineTick()
    {
    }

    public override EvpnWorkerMessageKind Kind => EvpnWorkerMessageKind.Tick;
}
