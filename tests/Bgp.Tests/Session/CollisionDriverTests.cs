using System.Net;
using System.Net.Sockets;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>
/// RFC 4271 s6.8 through the real driver: the speaker connects to a test listener while the test
/// also connects to the speaker, so the speaker holds two connections to one peer.
/// </summary>
public sealed class CollisionDriverTests
{
    private const uint SpeakerId = 0x0AFF0005; // 10.255.0.5
    private const uint LowerId = 0x0AFF0001;
    private const uint HigherId = 0x0AFF0009;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private BgpSpeaker? _speaker;
    private TestLogger? _logger;
    private Socket? _listener;

    [TearDown]
    public async Task TearDown()
    {
        if (_speaker is not null)
        {
            await _speaker.StopAsync(null, TimeSpan.FromSeconds(1));
        }
        _listener?.Dispose();
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            _logger?.Dump();
        }
    }

    /// <summary>Starts a speaker that listens and also connects out to the test; returns both connections after each got our OPEN.</summary>
    private async Task<(RawPeer Outgoing, RawPeer Incoming)> TwoConnectionsAsync()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _logger = new TestLogger("S");
        _speaker = new BgpSpeaker(new SpeakerConfig
        {
            RouterId = SpeakerId,
            LocalAs = 65001,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Neighbors = [new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Port = ((IPEndPoint)_listener.LocalEndPoint!).Port }],
        }, _logger);
        await _speaker.StartAsync();

        // The speaker's own connection (it initiated it) ...
        var outgoing = new RawPeer(await _listener.AcceptAsync().WaitAsync(Timeout));
        await outgoing.ExpectAsync(BgpMessageType.Open, Timeout);
        // ... and one the peer (the test) initiated.
        var incoming = await RawPeer.ConnectAsync(_speaker.ListenEndPoint!);
        await incoming.ExpectAsync(BgpMessageType.Open, Timeout);
        return (outgoing, incoming);
    }

    private NeighborStatus Status => _speaker!.GetNeighbors().Single();

    private Task Established()
    {
        var n = _speaker!.Find(IPAddress.Loopback)!;
        return Eventually.That(() => n.State == SessionState.Established, "Established", n.NextStateChangeAsync);
    }

    [Test]
    public async Task PeerHasTheHigherId_ItsConnectionSurvivesAndOursGetsCease6_7()
    {
        var (outgoing, incoming) = await TwoConnectionsAsync();
        await using var o = outgoing;
        await using var i = incoming;

        await incoming.SendAsync(RawPeer.Open(65002, HigherId));

        Assert.That((await outgoing.ReadUntilClosedAsync(Timeout))?.ToString(), Is.EqualTo("6/7 (Cease/Connection Collision Resolution)"));
        await incoming.ExpectAsync(BgpMessageType.Keepalive, Timeout);
        await incoming.SendAsync(KeepaliveMessage.Instance);
        await Established();
        Assert.That(Status.LastNotificationSent, Is.EqualTo("6/7 (Cease/Connection Collision Resolution)"));
    }

    [Test]
    public async Task WeHaveTheHigherId_OurConnectionSurvivesAndThePeersGetsCease6_7()
    {
        var (outgoing, incoming) = await TwoConnectionsAsync();
        await using var o = outgoing;
        await using var i = incoming;

        await incoming.SendAsync(RawPeer.Open(65002, LowerId));

        Assert.That((await incoming.ReadUntilClosedAsync(Timeout))?.ToString(), Is.EqualTo("6/7 (Cease/Connection Collision Resolution)"));
        await outgoing.SendAsync(RawPeer.Open(65002, LowerId));
        await outgoing.ExpectAsync(BgpMessageType.Keepalive, Timeout);
        await outgoing.SendAsync(KeepaliveMessage.Instance);
        await Established();
    }

    [Test]
    public async Task OpenOnOurConnectionFirst_ResolvesTheSameWay()
    {
        var (outgoing, incoming) = await TwoConnectionsAsync();
        await using var o = outgoing;
        await using var i = incoming;

        // The peer (higher id) answers on the speaker's connection first: that one must go.
        await outgoing.SendAsync(RawPeer.Open(65002, HigherId));

        Assert.That((await outgoing.ReadUntilClosedAsync(Timeout))?.ToString(), Is.EqualTo("6/7 (Cease/Connection Collision Resolution)"));
        await incoming.SendAsync(RawPeer.Open(65002, HigherId));
        await incoming.ExpectAsync(BgpMessageType.Keepalive, Timeout);
        await incoming.SendAsync(KeepaliveMessage.Instance);
        await Established();
    }

    [Test]
    public async Task ConnectionArrivingWhileEstablished_IsClosedWithCease6_7()
    {
        var (outgoing, incoming) = await TwoConnectionsAsync();
        await using var o = outgoing;
        await using var i = incoming;
        await incoming.SendAsync(RawPeer.Open(65002, HigherId));
        await outgoing.ReadUntilClosedAsync(Timeout);
        await incoming.ExpectAsync(BgpMessageType.Keepalive, Timeout);
        await incoming.SendAsync(KeepaliveMessage.Instance);
        await Established();

        await using var third = await RawPeer.ConnectAsync(_speaker!.ListenEndPoint!);
        await third.ExpectAsync(BgpMessageType.Open, Timeout);
        await third.SendAsync(RawPeer.Open(65002, HigherId));

        Assert.That((await third.ReadUntilClosedAsync(Timeout))?.ToString(), Is.EqualTo("6/7 (Cease/Connection Collision Resolution)"));
        Assert.That(Status.State, Is.EqualTo("Established"));
        Assert.That(Status.EstablishedTransitions, Is.EqualTo(1));
    }

    [Test]
    public async Task TwoActiveSpeakers_ConnectingToEachOther_EndWithOneSession()
    {
        // Both sides active and listening: whatever the interleaving, one session survives.
        var ports = new int[2];
        for (var k = 0; k < 2; k++)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            ports[k] = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        var la = new TestLogger("A");
        var lb = new TestLogger("B");
        await using var a = new BgpSpeaker(new SpeakerConfig
        {
            RouterId = LowerId, LocalAs = 65001, Listen = new IPEndPoint(IPAddress.Loopback, ports[0]),
            Neighbors = [new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Port = ports[1] }],
        }, la);
        await using var b = new BgpSpeaker(new SpeakerConfig
        {
            RouterId = HigherId, LocalAs = 65002, Listen = new IPEndPoint(IPAddress.Loopback, ports[1]),
            Neighbors = [new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65001, Port = ports[0] }],
        }, lb);
        try
        {
            await a.StartAsync();
            await b.StartAsync();
            var na = a.Find(IPAddress.Loopback)!;
            var nb = b.Find(IPAddress.Loopback)!;
            await Eventually.That(() => na.State == SessionState.Established && nb.State == SessionState.Established, "both Established", na.NextStateChangeAsync);
            // Both sides agree on which TCP connection is the session.
            var sa = a.GetNeighbors().Single();
            var sb = b.GetNeighbors().Single();
            Assert.That(sa.LocalEndpoint, Is.EqualTo(sb.RemoteEndpoint));
            Assert.That(sa.RemoteEndpoint, Is.EqualTo(sb.LocalEndpoint));
        }
        catch
        {
            la.Dump();
            lb.Dump();
            throw;
        }
    }
}
