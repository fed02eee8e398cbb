namespace Evpnd.Daemon.Config;

/// <summary>
/// MAC duplicate address detection (RFC 7432 s15.1): a MAC that moves <see cref="MaxMoves"/>
/// times within <see cref="Window"/> seconds stops being advertised. Defaults are FRR's.
/// </summary>
internal sealed record DuplicateAddressDetectionConfig
{
    public bool Enabled { get; init; } = true;

    public int MaxMoves { get; init; } = 5;

    /// <summary>Seconds.</summary>
    public int Window { get; init; } = 180;

    /// <summary>Also freeze the duplicate (keep the last location, ignore further moves).</summary>
    public bool Freeze { get; init; }

    /// <summary>Seconds a frozen MAC stays frozen; 0 means until cleared by the operator.</summary>
    public int FreezeTime { get; init; }
}
