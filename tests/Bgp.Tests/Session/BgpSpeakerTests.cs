using System.Net;
using System.Net.Sockets;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>The session driver over real loopback TCP: our speakers with each other and with a raw test peer.</summary>
public sealed class BgpSpeakerTests
{
    private const uint IdA = 0x0AFF0001; // 10.255.0.1
    private const uint IdB = 0x0AFF0002; // 10.255.0.2
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly List<BgpSpeaker> _speakers = [];
    private readonly List<TestLogger> _loggers = [];
    private readonly List<IAsyncDisposable> _disposables = [];

    [TearDown]
    public async Task TearDown()
    {
        foreach (var d in _disposables)
        {
            await d.DisposeAsync();
        }
        foreach (var s in _speakers)
        {
            await s.StopAsync(null, TimeSpan.FromSeconds(1));
        }
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            foreach (var l in _loggers)
            {
                l.Dump();
            }
        }
        _speakers.Clear();
        _loggers.Clear();
        _disposables.Clear();
    }

    private async Task<BgpSpeaker> StartSpeakerAsync(string name, uint id, uint asn, IPEndPoint? listen, params PeerConfig[] neighbors)
    {
        var logger = new TestLogger(name);
        _loggers.Add(logger);
        var speaker = new BgpSpeaker(new SpeakerConfig { RouterId = id, LocalAs = asn, Listen = listen, Neighbors = [.. neighbors] }, logger);
        _speakers.Add(speaker);
        await speaker.StartAsync();
        return speaker;
    }

    private static Task Established(BgpSpeaker speaker, IPAddress neighbor) =>
        InState(speaker, neighbor, SessionState.Established);

    private static Task InState(BgpSpeaker speaker, IPAddress neighbor, SessionState state)
    {
        var n = speaker.Find(neighbor)!;
        return Eventually.That(() => n.State == state, $"{neighbor} to reach {state} (now {n.State})", n.NextStateChangeAsync);
    }

    private static NeighborStatus Status(BgpSpeaker speaker) => speaker.GetNeighbors().Single();

    [TestCase("127.0.0.1")]
    [TestCase("::1")]
    public async Task TwoSpeakers_OneActiveOnePassive_ReachEstablished(string loopback)
    {
        var address = IPAddress.Parse(loopback);
        var a = await StartSpeakerAsync("A", IdA, 65001, new IPEndPoint(address, 0),
            new PeerConfig { Address = address, RemoteAs = 65002, Passive = true, HoldTime = 30 });
        var b = await StartSpeakerAsync("B", IdB, 65002, null,
            new PeerConfig { Address = address, RemoteAs = 65001, Port = a.ListenEndPoint!.Port, HoldTime = 9 });

        await Established(a, address);
        await Established(b, address);

        var sa = Status(a);
        Assert.That(sa.State, Is.EqualTo("Established"));
        Assert.That(sa.PeerAs, Is.EqualTo(65002u));
        Assert.That(sa.PeerRouterId, Is.EqualTo("10.255.0.2"));
        Assert.That(sa.NegotiatedHoldTime, Is.EqualTo((ushort)9));
        Assert.That(sa.NegotiatedKeepalive, Is.EqualTo((ushort)3));
        Assert.That(sa.Families, Is.EqualTo(new[] { "l2vpn-evpn" }));
        Assert.That(sa.PeerCapabilities, Does.Contain("4-octet-as").And.Contain("multiprotocol(l2vpn-evpn)").And.Contain("graceful-restart"));
        Assert.That(sa.MessagesIn.Open, Is.EqualTo(1));
        Assert.That(sa.MessagesOut.Open, Is.EqualTo(1));
        Assert.That(sa.EstablishedTransitions, Is.EqualTo(1));
        Assert.That(sa.RemoteEndpoint, Is.Not.Null);

        // Each side announces End-of-RIB for L2VPN/EVPN: one UPDATE received, validated and counted.
        await Eventually.That(() => Status(a).MessagesIn.Update == 1 && Status(b).MessagesIn.Update == 1, "End-of-RIB on both sides");
    }

    [Test]
    public async Task StopAsync_SendsCeaseWithTheShutdownCommunication()
    {
        var a = await StartSpeakerAsync("A", IdA, 65001, new IPEndPoint(IPAddress.Loopback, 0),
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true });
        var b = await StartSpeakerAsync("B", IdB, 65002, null,
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65001, Port = a.ListenEndPoint!.Port });
        await Established(a, IPAddress.Loopback);

        await b.StopAsync("maintenance window");

        await Eventually.That(() => Status(a).LastNotificationReceived is not null, "A to receive the Cease");
        Assert.That(Status(a).LastNotificationReceived, Does.EndWith("6/2 (Cease/Administrative Shutdown: \"maintenance window\")"), "plain, or inside a Hard Reset when the N bit is negotiated (RFC 8538)");
        Assert.That(Status(b).LastNotificationSent, Does.EndWith("6/2 (Cease/Administrative Shutdown: \"maintenance window\")"));
        Assert.That(Status(b).State, Is.EqualTo("Idle"));
        await Eventually.That(() => Status(a).State != "Established", "A to leave Established");
    }

    [Test]
    public async Task PeerRestart_ReEstablishesWithoutRestartingUs()
    {
        var a = await StartSpeakerAsync("A", IdA, 65001, new IPEndPoint(IPAddress.Loopback, 0),
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true });
        var peer = new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65001, Port = a.ListenEndPoint!.Port };
        var b = await StartSpeakerAsync("B", IdB, 65002, null, peer);
        await Established(a, IPAddress.Loopback);

        await b.StopAsync("restart");
        await Eventually.That(() => Status(a).State != "Established", "A to leave Established");

        await StartSpeakerAsync("B2", IdB, 65002, null, peer);
        await Established(a, IPAddress.Loopback);
        Assert.That(Status(a).EstablishedTransitions, Is.EqualTo(2));
    }

    [Test]
    public async Task PeerThatStopsSendingKeepalives_GetsHoldTimerExpired4_0()
    {
        var a = await StartSpeakerAsync("A", IdA, 65001, new IPEndPoint(IPAddress.Loopback, 0),
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true, HoldTime = 3 });
        await using var raw = await RawPeer.ConnectAsync(a.ListenEndPoint!);
        await raw.SendAsync(RawPeer.Open(65002, IdB, hold: 3));
        await raw.ExpectAsync(BgpMessageType.Open, Timeout);
        await raw.SendAsync(KeepaliveMessage.Instance);
        await raw.ExpectAsync(BgpMessageType.Keepalive, Timeout);
        await Established(a, IPAddress.Loopback);

        // From here on the raw peer sends nothing.
        var notification = await raw.ReadUntilClosedAsync(Timeout);

        Assert.That(notification?.ToString(), Is.EqualTo("4/0 (Hold Timer Expired)"));
        Assert.That(Status(a).LastNotificationSent, Is.EqualTo("4/0 (Hold Timer Expired)"));
        Assert.That(Status(a).State, Is.Not.EqualTo("Established"));
    }

    [Test]
    public async Task PeerWithTheWrongAs_GetsBadPeerAs2_2()
    {
        var a = await StartSpeakerAsync("A", IdA, 65001, new IPEndPoint(IPAddress.Loopback, 0),
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true });
        await using var raw = await RawPeer.ConnectAsync(a.ListenEndPoint!);
        await raw.SendAsync(RawPeer.Open(65099, IdB));

        var notification = await raw.ReadUntilClosedAsync(Timeout);

        Assert.That(notification?.ToString(), Is.EqualTo("2/2 (OPEN Message Error/Bad Peer AS)"));
        Assert.That(Status(a).LastNotificationSent, Is.EqualTo("2/2 (OPEN Message Error/Bad Peer AS)"));
        Assert.That(Status(a).PeerAs, Is.EqualTo(65099u));
    }

    [Test]
    public async Task OurSpeakerWithTheWrongRemoteAs_SendsBadPeerAs()
    {
        var a = await StartSpeakerAsync("A", IdA, 65001, new IPEndPoint(IPAddress.Loopback, 0),
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true });
        var b = await StartSpeakerAsync("B", IdB, 65002, null,
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65077, Port = a.ListenEndPoint!.Port });

        await Eventually.That(() => Status(a).LastNotificationReceived is not null, "A to receive B's NOTIFICATION");
        Assert.That(Status(a).LastNotificationReceived, Is.EqualTo("2/2 (OPEN Message Error/Bad Peer AS)"));
        Assert.That(Status(b).LastNotificationSent, Is.EqualTo("2/2 (OPEN Message Error/Bad Peer AS)"));
    }

    [Test]
    public async Task HeaderError_IsAnsweredWithItsNotification()
    {
        var a = await StartSpeakerAsync("A", IdA, 65001, new IPEndPoint(IPAddress.Loopback, 0),
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(a.ListenEndPoint!);
        var raw = new RawPeer(socket);
        var bad = new byte[19];
        bad.AsSpan(0, 16).Fill(0xFF);
        bad[16] = 0;
        bad[17] = 19;
        bad[18] = 9; // no such type
        await socket.SendAsync(bad);

        var notification = await raw.ReadUntilClosedAsync(Timeout);

        Assert.That(notification?.ToString(), Is.EqualTo("1/3 (Message Header Error/Bad Message Type)"));
    }

    [Test]
    public async Task UnknownPeer_IsClosedWithoutAnyMessage()
    {
        var a = await StartSpeakerAsync("A", IdA, 65001, new IPEndPoint(IPAddress.Loopback, 0),
            new PeerConfig { Address = IPAddress.Parse("192.0.2.1"), RemoteAs = 65002, Passive = true });
        await using var raw = await RawPeer.ConnectAsync(a.ListenEndPoint!);
        await raw.SendAsync(RawPeer.Open(65002, IdB));

        Assert.That(await raw.ReadAsync(Timeout), Is.Null);
        Assert.That(Status(a).MessagesIn.Total, Is.Zero);
    }

    [Test]
    public async Task DualStackListener_MatchesIpv4PeersByTheirPlainAddress()
    {
        var a = await StartSpeakerAsync("A", IdA, 65001, new IPEndPoint(IPAddress.IPv6Any, 0),
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true });
        await using var raw = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, a.ListenEndPoint!.Port));
        await raw.SendAsync(RawPeer.Open(65002, IdB));
        await raw.ExpectAsync(BgpMessageType.Open, Timeout);
        await raw.SendAsync(KeepaliveMessage.Instance);
        await Established(a, IPAddress.Loopback);
    }

    [Test]
    public async Task BusyPort_IsOneSentenceSayingWhatToDo()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var busy = (IPEndPoint)holder.LocalEndPoint!;
        var speaker = new BgpSpeaker(new SpeakerConfig { RouterId = IdA, LocalAs = 65001, Listen = busy }, new TestLogger("A"));

        var ex = Assert.ThrowsAsync<BgpListenException>(() => speaker.StartAsync());

        Assert.That(ex!.Message, Is.EqualTo($"cannot listen on 127.0.0.1:{busy.Port}: the port is in use by another process; stop it or set listen.port"));
    }

    [Test]
    public void DuplicateNeighbor_IsRejected()
    {
        var config = new SpeakerConfig
        {
            RouterId = IdA,
            LocalAs = 65001,
            Neighbors = [new PeerConfig { Address = IPAddress.Loopback }, new PeerConfig { Address = IPAddress.Parse("::ffff:127.0.0.1") }],
        };
        Assert.That(() => new BgpSpeaker(config, new TestLogger("A")), Throws.ArgumentException.With.Message.Contains("127.0.0.1 is configured twice"));
    }

    [Test]
    public async Task ActivePeer_BindsToTheConfiguredLocalAddress()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var local = IPAddress.Parse("127.0.0.2");
        await StartSpeakerAsync("A", IdA, 65001, null,
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Port = port, LocalAddress = local });

        using var accepted = await listener.AcceptAsync().WaitAsync(Timeout);

        Assert.That(((IPEndPoint)accepted.RemoteEndPoint!).Address, Is.EqualTo(local));
    }

    [Test]
    public async Task ActivePeer_RetriesAfterConnectionRefused_UntilThePeerListens()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        var b = await StartSpeakerAsync("B", IdB, 65002, null,
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65001, Port = port, ConnectRetry = 1 });
        await Eventually.That(() => Status(b).LastError is not null, "the first connect to fail");
        Assert.That(Status(b).LastError, Is.EqualTo($"connect to 127.0.0.1:{port}: connection refused"));
        Assert.That(Status(b).State, Is.EqualTo("Active").Or.EqualTo("Connect"));

        var a = await StartSpeakerAsync("A", IdA, 65001, new IPEndPoint(IPAddress.Loopback, port),
            new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true });

        await Established(b, IPAddress.Loopback);
        await Established(a, IPAddress.Loopback);
    }
}
