using System.Net;
using Evpnd.Bgp.Session;

namespace Evpnd.Bgp.Rib;

/// <summary>The RIB's view of a <see cref="BgpPeerSession"/>.</summary>
internal sealed class SessionRibPeer : IRibPeer
{
    public SessionRibPeer(BgpPeerSession session)
    {
        Session = session;
    }

    public BgpPeerSession Session { get; }

    public IPAddress Address => Session.Address;

    public NegotiatedSession Negotiated => Session.Negotiated;

    public bool IsRouteReflectorClient => false;

    public ValueTask<bool> SendUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken) =>
        Session.SendUpdateAsync(update, cancellationToken);

    public override string ToString() => Address.ToString();
}
