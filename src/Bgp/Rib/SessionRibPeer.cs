using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>The RIB's view of a <see cref="BgpPeerSession"/>.</summary>
internal sealed class SessionRibPeer : IRibPeer
{
    public SessionRibPeer(BgpPeerSession session)
    {
        Session = session;
    }

    public BgpPeerSession Session { get; }

    /// <summary>Set once the worker opened the session's inbox.</summary>
    public PeerInbox? Inbox { get; set; }

    public IPAddress Address => Session.Address;

    public NegotiatedSession Negotiated => Session.Negotiated;

    public bool IsRouteReflectorClient => false;

    public bool CanSend => Session.SendWindowOpen;

    public bool Send(byte[] buffer, int length) => Session.SendUpdates(buffer, length);

    public bool RequestDrainSignal() => Session.RequestSendQueueDrained();

    public void ReportPending(int routes) => Session.PendingRoutes = routes;

    public MaximumPrefix? MaximumPrefix => Session.MaximumPrefix;

    public void ReportAccepted(int routes) => Session.AcceptedRoutes = routes;

    public void ExceedMaximumPrefix(AfiSafi family) => Session.ExceedMaximumPrefix(family);

    public override string ToString() => Address.ToString();
}
