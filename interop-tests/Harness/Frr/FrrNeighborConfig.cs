namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>One `neighbor` of an FRR bgpd, activated for L2VPN/EVPN.</summary>
/// <param name="Address">The neighbor's address (IPv4 or IPv6).</param>
/// <param name="RemoteAs">A number, "internal" or "external", as FRR's `remote-as` takes it.</param>
public sealed record FrrNeighborConfig(string Address, string RemoteAs)
{
    /// <summary>`neighbor X passive`: FRR only accepts connections.</summary>
    public bool Passive { get; init; }

    /// <summary>Hold time in seconds; null keeps FRR's datacenter default (9 s).</summary>
    public int? HoldTime { get; init; }

    /// <summary>Keepalive in seconds; defaults to a third of <see cref="HoldTime"/> when that is set.</summary>
    public int? Keepalive { get; init; }

    /// <summary>Seconds between connection attempts; short so tests do not wait for FRR.</summary>
    public int ConnectRetry { get; init; } = 1;

    public string? UpdateSource { get; init; }

    public bool RouteReflectorClient { get; init; }

    /// <summary>More `neighbor X ...` lines under `router bgp`, without the "neighbor X" part.</summary>
    public IReadOnlyList<string> ExtraLines { get; init; } = [];
}
