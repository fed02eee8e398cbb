namespace Evpnd.Daemon.Control;

/// <summary>Result of "clear neighbor": the neighbor and what was done.</summary>
/// <param name="Mode">"hard" (Cease 6/4 sent, the session starts again) or "soft" (route refresh, the session stays).</param>
internal sealed record NeighborClearResult(string Address, string Mode)
{
    public string Text() => Mode == "soft"
        ? $"neighbor {Address}: soft reset: routes requested again (route refresh) and ours sent again; the session stays up"
        : $"neighbor {Address}: reset with Cease 6/4 (Administrative Reset); the session starts again";
}
