namespace Evpnd.Evpn.Instances;

/// <summary>
/// Duplicate MAC detection (RFC 7432 s15.1; FRR's defaults: 5 moves in 180 s, no freeze). A MAC
/// that moves <see cref="MaxMoves"/> times within <see cref="Window"/> is marked duplicate and no
/// longer advertised.
/// </summary>
public sealed record DuplicateAddressDetectionOptions
{
    public bool Enabled { get; init; } = true;

    public int MaxMoves { get; init; } = 5;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>Keep a duplicate MAC where it was when detected, ignoring further moves.</summary>
    public bool Freeze { get; init; }

    /// <summary>How long a frozen MAC stays frozen; <see cref="TimeSpan.Zero"/> = until cleared.</summary>
    public TimeSpan FreezeTime { get; init; }
}
