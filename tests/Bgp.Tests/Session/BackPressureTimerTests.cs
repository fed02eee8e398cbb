using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>
/// The timers that watch a peer, through the real driver over real sockets with a clock the test
/// moves: the hold timer must not blame the peer for messages we did not read (our own
/// back-pressure), and the send hold timer (RFC 9687) must close a session whose peer stopped
/// reading.
/// </summary>
public sealed class BackPressureTimerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private TestLogger? _logger;

    [TearDown]
    public void DumpLogOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            _logger?.Dump();
        }
    }

    [Test]
    public async Task HoldTimer_DoesNotExpireWhileOurBackPressurePausesReading_ButDoesOnceThePeerIsSilent()
    {
        var clock = new ManualClock();
        var sink = new GatedSink();
        _logger = new TestLogger("S");
        await using var speaker = new BgpSpeaker(new SpeakerConfig
        {
            RouterId = 0x0AFF0001,
            LocalAs = 65001,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Neighbors = [new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true, HoldTime = 3 }],
        }, _logger, sink, clock);
        await speaker.StartAsync();
        var neighbor = speaker.Find(IPAddress.Loopback)!;
        await using var raw = await RawPeer.ConnectAsync(speaker.ListenEndPoint!);
        await raw.SendAsync(RawPeer.Open(65002, 0x0AFF0002, hold: 3));
        await raw.ExpectAsync(BgpMessageType.Open, Timeout);
        await raw.SendAsync(KeepaliveMessage.Instance);
        await Eventually.That(() => neighbor.State == SessionState.Established, "Established", neighbor.NextStateChangeAsync);

        // The RIB stops taking UPDATEs: the read loop waits on the first one.
        sink.Close();
        await raw.SendRawAsync(EndOfRib());
        await sink.Held.Task.WaitAsync(Timeout);
        await Eventually.That(() => neighbor.ReadPaused, "the read loop to wait for the RIB");

        // The peer keeps sending KEEPALIVEs; they wait unread in the socket while three hold
        // times pass.
        for (int i = 0; i < 5; i++)
        {
            await raw.SendAsync(KeepaliveMessage.Instance);
            clock.Advance(TimeSpan.FromSeconds(2));
        }
        var held = neighbor.GetStatus();
        Assert.That(held.State, Is.EqualTo("Established"), "hold timer expired under our own back-pressure");
        Assert.That(held.LastNotificationSent, Is.Null);

        // The RIB takes the UPDATE again: the waiting KEEPALIVEs are read.
        sink.Open();
        await Eventually.That(() => neighbor.GetStatus().MessagesIn.Keepalive >= 6, "the KEEPALIVEs that waited to be read");

        // Now the peer falls silent: the hold timer works as before.
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.That((await raw.ReadUntilClosedAsync(Timeout))?.ToString(), Is.EqualTo("4/0 (Hold Timer Expired)"));
    }

    [Test]
    public async Task SendHoldTimer_ClosesWith8_0_WhenThePeerStopsReading_NotWhileItReads()
    {
        var clock = new ManualClock();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // A small receive window on the peer's side: our socket buffer fills sooner.
        listener.ReceiveBufferSize = 4096;
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        _logger = new TestLogger("S");
        var sink = new RecordingSink();
        var settings = new SessionSettings
        {
            LocalAs = 65001,
            RouterId = 0x0AFF0001,
            Peer = new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, HoldTime = 600, Port = ((IPEndPoint)listener.LocalEndPoint!).Port },
            SendHoldTime = TimeSpan.FromMinutes(1),
        };
        var neighbor = new BgpNeighbor(settings, _logger, sink, clock);
        neighbor.Start();
        try
        {
            await using var raw = new RawPeer(await listener.AcceptAsync().WaitAsync(Timeout));
            await raw.ExpectAsync(BgpMessageType.Open, Timeout);
            await raw.SendAsync(RawPeer.Open(65002, 0x0AFF0002, hold: 600));
            await raw.ExpectAsync(BgpMessageType.Keepalive, Timeout);
            await raw.SendAsync(KeepaliveMessage.Instance);
            var up = await sink.NextAsync();
            Assert.That(up.Kind, Is.EqualTo("up"));
            var session = up.Session;

            // Nothing waits to be written: minutes pass and the timer only re-arms.
            clock.Advance(TimeSpan.FromMinutes(2));
            Assert.That(neighbor.State, Is.EqualTo(SessionState.Established), "send hold timer expired with nothing to send");

            // The peer stops reading; we fill its window and our socket buffer until a write waits.
            var update = MaxUpdate();
            await Eventually.That(() =>
            {
                while (session.SendWindowOpen)
                {
                    session.SendUpdate(update);
                }
                return neighbor.WriteBlocked;
            }, "a write that waits for the socket", timeout: TimeSpan.FromSeconds(60));
            Assert.That(neighbor.State, Is.EqualTo(SessionState.Established));

            clock.Advance(TimeSpan.FromMinutes(2));

            var status = neighbor.GetStatus();
            Assert.That(status.State, Is.Not.EqualTo("Established"));
            Assert.That(status.LastNotificationSent, Is.EqualTo("8/0 (Send Hold Timer Expired)"));
            (string Kind, BgpPeerSession Session, object? Data) down;
            do
            {
                down = await sink.NextAsync();
            }
            while (down.Kind != "down");
            Assert.That(down.Data, Is.EqualTo("send hold timer expired"));
        }
        finally
        {
            await neighbor.StopAsync(null, TimeSpan.FromSeconds(1));
        }
    }

    private static byte[] EndOfRib()
    {
        var buffer = new byte[64];
        return buffer[..UpdateWriter.WriteEndOfRib(buffer, AfiSafi.L2vpnEvpn)];
    }

    /// <summary>An UPDATE of nearly 4096 bytes: type-2 routes under ORIGIN and AS_PATH.</summary>
    private static byte[] MaxUpdate()
    {
        var buffer = new byte[BgpHeader.MaxMessageLength];
        var writer = new UpdateWriter(buffer, UpdateCodecOptions.Default);
        writer.TryAddAttribute(new OriginAttribute(Origin.Igp));
        writer.TryAddAttribute(AsPathAttribute.Sequence(65001));
        writer.BeginMpReach(AfiSafi.L2vpnEvpn, [10, 0, 0, 1]);
        var nlri = new byte[35];
        nlri[0] = 2;
        nlri[1] = 33;
        nlri[24] = 48;
        for (int i = 0; writer.TryAddMpNlri(nlri); i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(nlri.AsSpan(27), i);
        }
        return writer.Complete().ToArray();
    }
}
