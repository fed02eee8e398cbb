using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>The worker's record of one Established session: its facts, path sources, pending output and inbox.</summary>
internal sealed class RibPeerState
{
    public RibPeerState(IRibPeer peer, PeerInbox inbox)
    {
        Peer = peer;
        Inbox = inbox;
        Negotiated = peer.Negotiated;
        Options = new UpdateCodecOptions(Negotiated.FourOctetAs, Negotiated.MaxMessageLength, Negotiated.Families);
        MaximumPrefix = peer.MaximumPrefix;
    }

    /// <summary>
    /// The peer restarted (RFC 4724 s4.2) and its new session takes over this record: the stale
    /// paths still in the tables are its, and those it sends again replace them in place.
    /// </summary>
    public void Rebind(IRibPeer peer, PeerInbox inbox)
    {
        Peer = peer;
        Inbox = inbox;
        Negotiated = peer.Negotiated;
        Options = new UpdateCodecOptions(Negotiated.FourOctetAs, Negotiated.MaxMessageLength, Negotiated.Families);
        MaximumPrefix = peer.MaximumPrefix;
        Up = true;
        AwaitingDrain = false;
        EndOfRibReceived.Clear();
        Out.Clear();
    }

    public IRibPeer Peer { get; private set; }

    /// <summary>Where its UPDATEs, ROUTE-REFRESHes and signals arrive.</summary>
    public PeerInbox Inbox { get; private set; }

    public IPAddress Address => Peer.Address;

    public NegotiatedSession Negotiated { get; private set; }

    /// <summary>While its session is down under Graceful Restart: ends the wait for it to come back (its restart time).</summary>
    public ITimer? RestartTimer { get; set; }

    /// <summary>When <see cref="RestartTimer"/> fires.</summary>
    public DateTimeOffset? RestartTimerEnds { get; set; }

    /// <summary>Told apart from a restart timer of an earlier down.</summary>
    public int RestartGeneration { get; set; }

    public bool IsInternal => Negotiated.IsInternal;

    public bool IsRouteReflectorClient => Peer.IsRouteReflectorClient;

    /// <summary>How UPDATEs to and from this peer are encoded (AS size, maximum length).</summary>
    public UpdateCodecOptions Options { get; private set; }

    /// <summary>False once PeerDown was handled; its paths are gone.</summary>
    public bool Up { get; set; } = true;

    /// <summary>Its send queue is full and it will say when it drained (XOFF until its SendQueueDrained arrives).</summary>
    public bool AwaitingDrain { get; set; }

    /// <summary>Sources by family, attribute set and next hop.</summary>
    public Dictionary<RibPathSourceKey, RibPathSource> Sources { get; } = new();

    /// <summary>Families whose routes it marked stale with a BoRR (RFC 7313 s4).</summary>
    public Dictionary<AfiSafi, StaleRoutes> Stale { get; } = new();

    /// <summary>Families whose End-of-RIB the peer sent (RFC 4724 s2).</summary>
    public HashSet<AfiSafi> EndOfRibReceived { get; } = new();

    /// <summary>What is still to be sent, per negotiated family.</summary>
    public List<AdjRibOutPending> Out { get; } = new();

    /// <summary>Routes it has a path for now: its Adj-RIB-In after the loop checks, what maximum-prefix counts.</summary>
    public int AcceptedRoutes { get; set; }

    /// <summary>Its maximum-prefix setting, read once per session.</summary>
    public MaximumPrefix? MaximumPrefix { get; private set; }

    /// <summary>The threshold warning was logged; again only after the count fell below it.</summary>
    public bool PrefixWarningLogged { get; set; }

    /// <summary>It went past its limit: the session is being torn down, and no new route is accepted.</summary>
    public bool PrefixLimitExceeded { get; set; }

    /// <summary>UPDATEs dropped or withdrawn as malformed (RFC 7606), for the CLI.</summary>
    public long MalformedUpdates { get; set; }

    public bool Supports(AfiSafi family) => Negotiated.Families.Contains(family);

    /// <summary>Families it sent routes of without having negotiated them, each logged once.</summary>
    public HashSet<AfiSafi> IgnoredFamilies { get; } = [];

    public AdjRibOutPending? OutFor(AfiSafi family)
    {
        foreach (var pending in Out)
        {
            if (pending.Family == family)
            {
                return pending;
            }
        }
        return null;
    }

    public bool HasOutput
    {
        get
        {
            foreach (var pending in Out)
            {
                if (!pending.IsEmpty)
                {
                    return true;
                }
            }
            return false;
        }
    }

    public int PendingRoutes
    {
        get
        {
            int count = 0;
            foreach (var pending in Out)
            {
                count += pending.RouteCount;
            }
            return count;
        }
    }

    public override string ToString() => Address.ToString();
}
