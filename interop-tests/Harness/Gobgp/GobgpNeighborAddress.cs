using System.Text.Json.Serialization;

namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>`conf` of `gobgp neighbor -j`.</summary>
public sealed record GobgpNeighborAddress
{
    [JsonPropertyName("neighbor_address")]
    public required string NeighborAddress { get; init; }

    [JsonPropertyName("peer_asn")]
    public long PeerAsn { get; init; }
}
