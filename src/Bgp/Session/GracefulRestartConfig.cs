namespace Evpnd.Bgp.Session;

/// <summary>
/// Graceful Restart settings (RFC 4724 with RFC 8538), FRR's names and its `datacenter` defaults.
/// Times are in seconds.
/// </summary>
public sealed record GracefulRestartConfig
{
    /// <summary>RFC 4724 s3: the restart time field is 12 bits.</summary>
    public const ushort MaxRestartTime = 4095;

    public bool Enabled { get; init; } = true;

    /// <summary>What we advertise: how long peers keep our routes after our session drops.</summary>
    public ushort RestartTime { get; init; } = 120;

    /// <summary>How long a restarted peer's stale routes wait for its End-of-RIB (RFC 4724 s4.2).</summary>
    public ushort StaleRoutesTime { get; init; } = 360;

    /// <summary>How long route selection waits for every peer's End-of-RIB after our own restart (RFC 4724 s4.1).</summary>
    public ushort SelectDeferTime { get; init; } = 120;
}
