namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>
/// One path of FRR 8.4's `show bgp l2vpn evpn route json`. Type 2 fills mac (and ip for MAC+IP);
/// type 3 fills ip with the originating router's address. pathFrom is "external" also for
/// locally originated paths; a local path has peerId "(unspec)" and an empty AS path.
/// </summary>
public sealed record FrrEvpnPath
{
    public bool Valid { get; init; }

    public bool Bestpath { get; init; }

    public required int RouteType { get; init; }

    public long EthTag { get; init; }

    public string? Mac { get; init; }

    public string? Ip { get; init; }

    /// <summary>The neighbor the path came from, "(unspec)" for a local one.</summary>
    public string? PeerId { get; init; }

    /// <summary>AS path as text, e.g. "65002".</summary>
    public string? Path { get; init; }

    public FrrCommunityText? ExtendedCommunity { get; init; }

    public FrrNexthop[] Nexthops { get; init; } = [];
}
