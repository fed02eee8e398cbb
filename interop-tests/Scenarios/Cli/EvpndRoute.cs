namespace Evpnd.Interop.Tests.Scenarios.Cli;

/// <summary>One route of `evpnd show evpn routes --json` (type 2 or 3).</summary>
public sealed record EvpndRoute
{
    public required int Type { get; init; }

    public required string Rd { get; init; }

    public string? Mac { get; init; }

    public string? Ip { get; init; }

    /// <summary>A type-3 route's originating router address.</summary>
    public string? Originator { get; init; }

    public string? NextHop { get; init; }

    public IReadOnlyList<string> RouteTargets { get; init; } = [];

    /// <summary>"local" or the peer the route came from.</summary>
    public required string Source { get; init; }

    /// <summary>The local VNIs the route is imported into.</summary>
    public IReadOnlyList<int> Vnis { get; init; } = [];

    public long Sequence { get; init; }

    public bool Sticky { get; init; }

    public override string ToString() =>
        $"type {Type} rd {Rd}{(Mac is null ? "" : $" mac {Mac}")}{(Ip is null ? "" : $" ip {Ip}")}{(Originator is null ? "" : $" orig {Originator}")} " +
        $"nh {NextHop} rt [{string.Join(',', RouteTargets)}] from {Source} vnis [{string.Join(',', Vnis)}] seq {Sequence}";
}
