namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>`nlri.value` of an EVPN path: the fields of every route type, those a type lacks left null.</summary>
public sealed record GobgpEvpnNlriValue
{
    public GobgpRouteDistinguisher? Rd { get; init; }

    /// <summary>"single-homed" or the ESI bytes.</summary>
    public string? Esi { get; init; }

    public long Etag { get; init; }

    public string? Mac { get; init; }

    /// <summary>The MAC's IP for type 2 ("&lt;nil&gt;" when absent), the originator for type 3.</summary>
    public string? Ip { get; init; }

    public long[] Labels { get; init; } = [];
}
