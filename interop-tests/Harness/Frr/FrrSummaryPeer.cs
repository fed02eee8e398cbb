namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>One peer of `show bgp l2vpn evpn summary json`.</summary>
public sealed record FrrSummaryPeer
{
    public long RemoteAs { get; init; }

    public required string State { get; init; }

    public long PfxRcd { get; init; }

    public long PfxSnt { get; init; }
}
