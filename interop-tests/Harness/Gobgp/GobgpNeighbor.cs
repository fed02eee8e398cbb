using System.Text.Json.Serialization;

namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>One element of `gobgp neighbor -j` (GoBGP 3.x API Peer, protojson with snake_case names).</summary>
public sealed record GobgpNeighbor
{
    [JsonPropertyName("conf")]
    public required GobgpNeighborAddress Conf { get; init; }

    [JsonPropertyName("state")]
    public GobgpPeerState State { get; init; } = new();

    [JsonIgnore]
    public string Address => Conf.NeighborAddress;

    [JsonIgnore]
    public bool IsEstablished => State.SessionState == GobgpSessionState.Established;

    /// <summary>True when the peer's OPEN carried the L2VPN/EVPN multiprotocol capability (AFI 25, SAFI 70).</summary>
    [JsonIgnore]
    public bool PeerAdvertisedEvpn => State.RemoteCapabilities.Any(c => c.MultiprotocolFamily == (25, 70));

    [JsonIgnore]
    public bool LocalAdvertisedEvpn => State.LocalCapabilities.Any(c => c.MultiprotocolFamily == (25, 70));

    public override string ToString() =>
        $"{Address} {State.SessionState} peer-as={State.PeerAsn} " +
        $"keepalives in/out={State.Messages.Received.Keepalive}/{State.Messages.Sent.Keepalive} " +
        $"notifications in/out={State.Messages.Received.Notification}/{State.Messages.Sent.Notification}";
}
