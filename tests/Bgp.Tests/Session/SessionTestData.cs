using System.Collections.Immutable;
using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>Shared settings and OPENs for the session tests.</summary>
internal static class SessionTestData
{
    public const uint LocalAs = 65002;
    public const uint PeerAs = 65001;
    public const uint LocalId = 0x0AFF0002; // 10.255.0.2
    public const uint PeerId = 0x0AFF0001;  // 10.255.0.1

    public static SessionSettings Settings(
        bool passive = false,
        RemoteAsKind kind = RemoteAsKind.Number,
        uint remoteAs = PeerAs,
        ushort hold = 90,
        ushort? keepalive = null,
        uint localAs = LocalAs,
        ImmutableArray<AfiSafi>? families = null) => new()
    {
        LocalAs = localAs,
        RouterId = LocalId,
        Peer = new PeerConfig
        {
            Address = IPAddress.Parse("10.0.0.1"),
            RemoteAsKind = kind,
            RemoteAs = remoteAs,
            Passive = passive,
            HoldTime = hold,
            Keepalive = keepalive,
            ConnectRetry = 120,
            Families = families ?? [AfiSafi.L2vpnEvpn],
        },
    };

    public static OpenMessage PeerOpen(
        uint asn = PeerAs,
        ushort hold = 90,
        uint id = PeerId,
        byte version = 4,
        params Capability[] extra)
    {
        var caps = ImmutableArray.CreateBuilder<Capability>();
        caps.Add(new MultiprotocolCapability(AfiSafi.L2vpnEvpn));
        caps.Add(RouteRefreshCapability.Instance);
        caps.Add(new FourOctetAsCapability(asn));
        caps.AddRange(extra);
        var myAs = asn > ushort.MaxValue ? OpenMessage.AsTrans : (ushort)asn;
        return new OpenMessage(myAs, hold, id, caps.ToImmutable(), version);
    }
}
