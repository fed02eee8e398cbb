namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>`gracefulRestart` of an evpnd neighbor in `show neighbor --json`.</summary>
public sealed record EvpndGracefulRestart
{
    public required bool Enabled { get; init; }

    public required bool Negotiated { get; init; }

    public bool? PeerRestarting { get; init; }

    public bool? PeerForwardingPreserved { get; init; }

    /// <summary>Routes from the peer kept as stale.</summary>
    public required int StaleRoutes { get; init; }

    /// <summary>The peer's session is down and its routes are kept (we are its helper).</summary>
    public required bool HelperActive { get; init; }

    public long? RestartTimerSeconds { get; init; }

    public long? StaleTimerSeconds { get; init; }

    public override string ToString() =>
        $"negotiated={Negotiated} helper={HelperActive} stale={StaleRoutes} restartTimer={RestartTimerSeconds} staleTimer={StaleTimerSeconds}";
}
