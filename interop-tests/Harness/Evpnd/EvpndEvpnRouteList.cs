namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>What `evpnd show evpn routes [--type T] [--vni N] --json` prints: {"routes": [...]}.</summary>
public sealed record EvpndEvpnRouteList
{
    public required EvpndEvpnRoute[] Routes { get; init; }
}
