using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>The worker's record of one Established session: its facts, path sources and outgoing queue.</summary>
internal sealed class RibPeerState
{
    public RibPeerState(IRibPeer peer)
    {
        Peer = peer;
        Negotiated = peer.Negotiated;
        Options = new UpdateCodecOptions(Negotiated.FourOctetAs, Negotiated.MaxMessageLength);
    }

    public IRibPeer Peer { get; }

    public IPAddress Address => Peer.Address;

    public NegotiatedSession Negotiated { get; }

    public bool IsInternal => Negotiated.IsInternal;

    public bool IsRouteReflectorClient => Peer.IsRouteReflectorClient;

    /// <summary>How UPDATEs to and from this peer are encoded (AS size, maximum length).</summary>
    public UpdateCodecOptions Options { get; }

    /// <summary>True once the initial table dump went out: from then on changes are sent as they happen.</summary>
    public bool Synchronized { get; set; }

    /// <summary>False once PeerDown was handled; its paths are gone.</summary>
    public bool Up { get; set; } = true;

    /// <summary>Sources by (attribute set, next hop), both compared by reference (both are interned).</summary>
    public Dictionary<(PathAttributeSet Attributes, byte[] NextHop), RibPathSource> Sources { get; } = new();

    /// <summary>Families whose End-of-RIB the peer sent (RFC 4724 s2).</summary>
    public HashSet<AfiSafi> EndOfRibReceived { get; } = new();

    public OutboundQueue Out { get; } = new();

    /// <summary>UPDATEs dropped or withdrawn as malformed (RFC 7606), for the CLI.</summary>
    public long MalformedUpdates { get; set; }

    public bool Supports(AfiSafi family) => Negotiated.Families.Contains(family);

    public override string ToString() => Address.ToString();
}
