namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>`nlri` of an EVPN path in `gobgp ... rib -a evpn -j`: the route type and its fields.</summary>
public sealed record GobgpEvpnNlri
{
    public required int Type { get; init; }

    public GobgpEvpnNlriValue Value { get; init; } = new();
}
