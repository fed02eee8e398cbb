namespace Evpnd.Interop.Tests.Scenarios.Cli;

/// <summary>`evpnd show evpn routes --json`: {"routes": [...]}.</summary>
public sealed record EvpndRouteList(IReadOnlyList<EvpndRoute> Routes);
