namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>`show bgp l2vpn evpn summary json`: the peers active in the family, keyed by address.</summary>
public sealed record FrrSummary
{
    public string? RouterId { get; init; }

    public long As { get; init; }

    public Dictionary<string, FrrSummaryPeer> Peers { get; init; } = [];
}
