namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>One `nexthops` element of a path in `show bgp l2vpn evpn route json`.</summary>
public sealed record FrrNexthop
{
    public required string Ip { get; init; }

    public string? Hostname { get; init; }

    public string? Afi { get; init; }

    public bool Used { get; init; }
}
