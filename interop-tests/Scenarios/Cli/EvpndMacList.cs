namespace Evpnd.Interop.Tests.Scenarios.Cli;

/// <summary>`evpnd show evpn macs --json`: {"macs": [...]}.</summary>
public sealed record EvpndMacList(IReadOnlyList<EvpndMac> Macs);
