using System.Collections.Immutable;
using System.Net;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>A peer that records the UPDATEs the RIB sends it.</summary>
internal sealed class RecordingRibPeer : IRibPeer
{
    private readonly List<byte[]> _sent = new();

    public RecordingRibPeer(string address, uint peerAs, uint routerId, uint localAs = RibTestData.LocalAs, bool fourOctetAs = true)
    {
        Address = IPAddress.Parse(address);
        Negotiated = new NegotiatedSession
        {
            LocalAs = localAs,
            PeerAs = peerAs,
            LocalRouterId = RibTestData.RouterId,
            PeerRouterId = routerId,
            HoldTime = 90,
            KeepaliveTime = 30,
            Families = [AfiSafi.L2vpnEvpn],
            FourOctetAs = fourOctetAs,
            RouteRefresh = true,
            PeerOpen = new OpenMessage(peerAs > ushort.MaxValue ? (ushort)OpenMessage.AsTrans : (ushort)peerAs, 90, routerId, ImmutableArray<Capability>.Empty),
        };
    }

    public IPAddress Address { get; }

    public NegotiatedSession Negotiated { get; }

    public bool IsRouteReflectorClient { get; init; }

    public UpdateCodecOptions Options => new(Negotiated.FourOctetAs, Negotiated.MaxMessageLength);

    public ValueTask<bool> SendUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken)
    {
        Assert.That(update.Length, Is.LessThanOrEqualTo(Negotiated.MaxMessageLength), "an UPDATE larger than negotiated");
        lock (_sent)
        {
            _sent.Add(update.ToArray());
        }
        return ValueTask.FromResult(true);
    }

    /// <summary>Everything sent so far, decoded, and forgets it.</summary>
    public List<SentUpdate> Take()
    {
        lock (_sent)
        {
            var decoded = _sent.Select(frame => SentUpdate.Decode(frame, Options)).ToList();
            _sent.Clear();
            return decoded;
        }
    }

    public override string ToString() => Address.ToString();
}
