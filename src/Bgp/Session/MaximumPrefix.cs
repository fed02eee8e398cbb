namespace Evpnd.Bgp.Session;

/// <summary>
/// A neighbor's limit on the routes it may have accepted at once, per family (FRR's
/// <c>maximum-prefix N [threshold] [warning-only] [restart R]</c>).
/// </summary>
public sealed record MaximumPrefix
{
    /// <summary>Routes accepted from the peer (its Adj-RIB-In after policy) at most.</summary>
    public required uint Limit { get; init; }

    /// <summary>Percent of <see cref="Limit"/> at which a warning is logged, 1..100.</summary>
    public byte WarningThreshold { get; init; } = 75;

    /// <summary>Past the limit only log; the session stays and the routes are accepted (FRR's warning-only).</summary>
    public bool WarningOnly { get; init; }

    /// <summary>Minutes after the Cease before the session may come up again; 0: not until cleared or restarted.</summary>
    public ushort RestartMinutes { get; init; }

    /// <summary>The route count at which the warning is logged.</summary>
    public long WarningCount => Math.Max(1, (long)Limit * WarningThreshold / 100);
}
