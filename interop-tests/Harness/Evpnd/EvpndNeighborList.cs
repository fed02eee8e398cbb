namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>What `evpnd show neighbors --json` prints: {"neighbors": [...]}.</summary>
public sealed record EvpndNeighborList
{
    public required EvpndNeighbor[] Neighbors { get; init; }
}
