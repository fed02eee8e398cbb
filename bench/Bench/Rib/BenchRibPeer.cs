using System.Collections.Immutable;
using System.Net;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bench.Rib;

/// <summary>
/// The FRR leaf the stream comes from, as the RIB worker sees an Established session
/// (eBGP, AS 65001 to our 65002, 4-octet AS, L2VPN EVPN). Every buffer the RIB sends it is counted
/// and dropped (the RIB never sends a peer its own routes back, so this stays at End-of-RIB).
/// </summary>
internal sealed class BenchRibPeer : IRibPeer
{
    public BenchRibPeer()
    {
        Negotiated = new NegotiatedSession
        {
            LocalAs = DecodeRibBenchmark.LocalAs,
            PeerAs = 65001,
            LocalRouterId = DecodeRibBenchmark.RouterId,
            PeerRouterId = 0x0aff0001,
            HoldTime = 90,
            KeepaliveTime = 30,
            Families = [AfiSafi.L2vpnEvpn],
            FourOctetAs = true,
            RouteRefresh = true,
            PeerOpen = new OpenMessage(65001, 90, 0x0aff0001, ImmutableArray<Capability>.Empty),
        };
    }

    public IPAddress Address { get; } = IPAddress.Parse("10.255.0.1");

    public NegotiatedSession Negotiated { get; }

    public bool IsRouteReflectorClient => false;

    public int UpdatesSent { get; private set; }

    public bool CanSend => true;

    public bool Send(byte[] buffer, int length)
    {
        UpdatesSent++;
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        return true;
    }

    public bool RequestDrainSignal() => false;

    public void ReportPending(int routes)
    {
    }

    public MaximumPrefix? MaximumPrefix => null;

    public void ReportAccepted(int routes)
    {
    }

    public void ExceedMaximumPrefix(AfiSafi family)
    {
    }
}
