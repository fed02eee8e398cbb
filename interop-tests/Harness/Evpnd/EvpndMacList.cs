namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>What `evpnd show evpn macs [--vni N] --json` prints: {"macs": [...]}.</summary>
public sealed record EvpndMacList
{
    public required EvpndMac[] Macs { get; init; }
}
