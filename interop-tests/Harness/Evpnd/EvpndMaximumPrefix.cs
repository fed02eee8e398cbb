namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>A neighbor's maximum-prefix as `evpnd show neighbor --json` prints it.</summary>
public sealed record EvpndMaximumPrefix
{
    public required long Limit { get; init; }

    public bool WarningOnly { get; init; }

    /// <summary>Routes accepted from the peer now, while Established.</summary>
    public int? Accepted { get; init; }

    /// <summary>"ok", "warning" or "exceeded".</summary>
    public required string State { get; init; }
}
