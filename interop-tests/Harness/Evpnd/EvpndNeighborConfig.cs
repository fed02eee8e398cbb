namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>One entry of evpnd's `neighbors:` list.</summary>
/// <param name="Address">The neighbor's address (IPv4 or IPv6).</param>
/// <param name="RemoteAs">A number, "internal" or "external".</param>
public sealed record EvpndNeighborConfig(string Address, string RemoteAs)
{
    public bool Passive { get; init; }

    public int? HoldTime { get; init; }

    public int? Keepalive { get; init; }

    /// <summary>Seconds between connection attempts; short so tests do not wait.</summary>
    public int? ConnectRetry { get; init; } = 1;

    public string? LocalAddress { get; init; }

    /// <summary>More keys of this neighbor, written verbatim under it (e.g. "password: s3cret").</summary>
    public IReadOnlyList<string> ExtraLines { get; init; } = [];
}
