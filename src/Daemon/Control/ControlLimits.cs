namespace Evpnd.Daemon.Control;

/// <summary>
/// Bounds on what one local client can take from the daemon: a client that connects and says
/// nothing, many clients at once, or one huge request would otherwise hold memory and tasks.
/// </summary>
internal sealed record ControlLimits
{
    public static ControlLimits Default { get; } = new();

    /// <summary>How long a client has to send its one request line (the CLI sends it at once).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Clients served at once; one more is told the daemon is busy.</summary>
    public int MaxClients { get; init; } = 16;

    /// <summary>The longest request line; the largest real one (`evpn mac add`) is under 200 bytes.</summary>
    public int MaxRequestBytes { get; init; } = 64 * 1024;
}
