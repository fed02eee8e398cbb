using System.Text.Json.Serialization;

namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>`state` of `gobgp neighbor -j`.</summary>
public sealed record GobgpPeerState
{
    [JsonPropertyName("session_state")]
    public GobgpSessionState SessionState { get; init; }

    [JsonPropertyName("peer_asn")]
    public long PeerAsn { get; init; }

    [JsonPropertyName("router_id")]
    public string? RouterId { get; init; }

    public GobgpMessages Messages { get; init; } = new();

    /// <summary>What the peer advertised in its OPEN.</summary>
    [JsonPropertyName("remote_cap")]
    public GobgpCapability[] RemoteCapabilities { get; init; } = [];

    [JsonPropertyName("local_cap")]
    public GobgpCapability[] LocalCapabilities { get; init; } = [];
}
