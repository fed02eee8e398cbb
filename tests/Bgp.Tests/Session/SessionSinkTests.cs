using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Tests.Wire;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>The seam the RIB plugs into: up, UPDATEs, ROUTE-REFRESH, down, and sending UPDATEs to a peer.</summary>
public sealed class SessionSinkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private BgpSpeaker? _speaker;
    private TestLogger? _logger;

    [TearDown]
    public async Task TearDown()
    {
        if (_speaker is not null)
        {
            await _speaker.StopAsync(null, TimeSpan.FromSeconds(1));
        }
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            _logger?.Dump();
        }
    }

    private async Task<(RawPeer Raw, RecordingSink Sink)> EstablishAsync(uint peerAs = 65002)
    {
        var sink = new RecordingSink();
        _logger = new TestLogger("A");
        _speaker = new BgpSpeaker(new SpeakerConfig
        {
            RouterId = 0x0AFF0001,
            LocalAs = 65001,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Neighbors = [new PeerConfig { Address = IPAddress.Loopback, RemoteAsKind = RemoteAsKind.External, Passive = true }],
        }, _logger, sink);
        await _speaker.StartAsync();
        var raw = await RawPeer.ConnectAsync(_speaker.ListenEndPoint!);
        await raw.SendAsync(RawPeer.Open(peerAs, 0x0AFF0002));
        await raw.ExpectAsync(BgpMessageType.Open, Timeout);
        await raw.SendAsync(KeepaliveMessage.Instance);
        return (raw, sink);
    }

    [Test]
    public async Task PeerUp_CarriesTheNegotiatedSession()
    {
        var (raw, sink) = await EstablishAsync();
        await using var r = raw;

        var up = await sink.NextAsync();

        Assert.That(up.Kind, Is.EqualTo("up"));
        Assert.That(up.Session.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(up.Session.Negotiated.Families, Is.EqualTo(new[] { AfiSafi.L2vpnEvpn }));
        Assert.That(up.Session.Negotiated.FourOctetAs, Is.True);
        Assert.That(up.Session.Negotiated.IsInternal, Is.False);
        Assert.That(up.Session.Negotiated.PeerRouterId, Is.EqualTo(0x0AFF0002u));
        Assert.That(up.Session.IsUp, Is.True);
    }

    [Test]
    public async Task ReceivedUpdate_IsHandedOverByteForByte_AndNoEndOfRibIsSentForTheRib()
    {
        var (raw, sink) = await EstablishAsync();
        await using var r = raw;
        var up = await sink.NextAsync();
        var update = new byte[64];
        var length = UpdateWriter.WriteEndOfRib(update, AfiSafi.L2vpnEvpn);

        await raw.SendRawAsync(update[..length]);

        var received = await sink.NextAsync();
        Assert.That(received.Kind, Is.EqualTo("update"));
        Assert.That(received.Session, Is.SameAs(up.Session));
        Assert.That((byte[])received.Data!, Is.EqualTo(update[..length]));
    }

    [Test]
    public async Task SendUpdate_ReachesThePeer()
    {
        var (raw, sink) = await EstablishAsync();
        await using var r = raw;
        var up = await sink.NextAsync();
        await raw.ExpectAsync(BgpMessageType.Keepalive, Timeout);

        var update = new byte[64];
        var length = UpdateWriter.WriteEndOfRib(update, AfiSafi.L2vpnEvpn);
        Assert.That(up.Session.SendUpdate(update.AsSpan(0, length)), Is.True);

        await raw.ExpectAsync(BgpMessageType.Update, Timeout);
        Assert.That(_speaker!.GetNeighbors().Single().MessagesOut.Update, Is.EqualTo(1));
    }

    [Test]
    public async Task RouteRefresh_IsHandedOver()
    {
        var (raw, sink) = await EstablishAsync();
        await using var r = raw;
        await sink.NextAsync();

        await raw.SendAsync(new RouteRefreshMessage(AfiSafi.L2vpnEvpn));

        var refresh = await sink.NextAsync();
        Assert.That(refresh.Kind, Is.EqualTo("refresh"));
        Assert.That(refresh.Data, Is.EqualTo(new RouteRefreshMessage(AfiSafi.L2vpnEvpn)));
    }

    [Test]
    public async Task PeerDown_FollowsANotification_AndSendsThenFail()
    {
        var (raw, sink) = await EstablishAsync();
        await using var r = raw;
        var up = await sink.NextAsync();

        await raw.SendAsync(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeReset, "bye"));

        var down = await sink.NextAsync();
        Assert.That(down.Kind, Is.EqualTo("down"));
        Assert.That(down.Session, Is.SameAs(up.Session));
        Assert.That(down.Data, Is.EqualTo("received NOTIFICATION 6/4 (Cease/Administrative Reset: \"bye\")"));
        Assert.That(up.Session.IsUp, Is.False);
        Assert.That(up.Session.SendUpdate(new byte[23]), Is.False);
    }

    [Test]
    public async Task MalformedUpdate_ResetsTheSessionWith3_1()
    {
        var (raw, sink) = await EstablishAsync();
        await using var r = raw;
        await sink.NextAsync();
        // Withdrawn Routes Length 200 in a 23-byte UPDATE (RFC 4271 s6.3 Malformed Attribute List).
        var update = new byte[23];
        update.AsSpan(0, 16).Fill(0xFF);
        update[17] = 23;
        update[18] = 2;
        update[20] = 200;

        await raw.SendRawAsync(update);

        Assert.That((await raw.ReadUntilClosedAsync(Timeout))?.ToString(), Is.EqualTo("3/1 (UPDATE Message Error/Malformed Attribute List)"));
        var down = await sink.NextAsync();
        Assert.That(down.Kind, Is.EqualTo("down"));
        Assert.That(down.Data, Is.EqualTo("sent NOTIFICATION 3/1 (UPDATE Message Error/Malformed Attribute List)"));
    }

    [Test]
    public async Task MpReachOfAFamilyNotNegotiated_IsIgnored_AndTheSessionStays()
    {
        var (raw, sink) = await EstablishAsync();
        await using var r = raw;
        await sink.NextAsync();
        // Only L2VPN/EVPN was negotiated. An IPv4 unicast MP_REACH with a 5-octet next hop would be
        // 3/9 in a negotiated family (RFC 7606 s7.11); in this one RFC 4760 s7 lets us ignore it,
        // as FRR does, rather than reset a session whose EVPN routes are fine.
        var update = WireBytes.Update([], WireBytes.Block(
            WireBytes.Attr(0x80, 14, 0, 1, 1, 5, 10, 0, 0, 1, 1, 0, 24, 192, 0, 2),
            WireBytes.OriginAttr(), WireBytes.AsPath4(65002)), []);
        var endOfRib = new byte[64];
        var length = UpdateWriter.WriteEndOfRib(endOfRib, AfiSafi.L2vpnEvpn);

        await raw.SendRawAsync(update);
        await raw.SendRawAsync(endOfRib[..length]);

        var first = await sink.NextAsync();
        Assert.That(first.Kind, Is.EqualTo("update"), $"the session went down: {first.Data}");
        var second = await sink.NextAsync();
        Assert.That(second.Kind, Is.EqualTo("update"), "the session went down after the ignored UPDATE");
        Assert.That((byte[])second.Data!, Is.EqualTo(endOfRib[..length]));
    }

    [Test]
    public async Task ExternalNeighbor_WithOurOwnAs_GetsBadPeerAs()
    {
        var (raw, _) = await EstablishAsync(peerAs: 65001);
        await using var r = raw;
        Assert.That((await raw.ReadUntilClosedAsync(Timeout))?.ToString(), Is.EqualTo("2/2 (OPEN Message Error/Bad Peer AS)"));
    }
}
