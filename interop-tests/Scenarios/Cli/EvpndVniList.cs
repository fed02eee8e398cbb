namespace Evpnd.Interop.Tests.Scenarios.Cli;

/// <summary>`evpnd show evpn vni --json`: {"vnis": [...]}.</summary>
public sealed record EvpndVniList(IReadOnlyList<EvpndVni> Vnis);
