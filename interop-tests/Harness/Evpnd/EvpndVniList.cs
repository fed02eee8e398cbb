namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>What `evpnd show evpn vni [N] --json` prints: {"vnis": [...]}.</summary>
public sealed record EvpndVniList
{
    public required EvpndVni[] Vnis { get; init; }
}
