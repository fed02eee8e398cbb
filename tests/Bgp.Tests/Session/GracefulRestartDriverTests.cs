using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>
/// Graceful Restart through the real driver and sockets: a restarting peer's new connection ends
/// the old session instead of a collision Cease (RFC 4724 s4.2), and a Hard Reset (RFC 8538).
/// </summary>
public sealed class GracefulRestartDriverTests
{
    private const uint SpeakerId = 0x0AFF0005;
    private const uint PeerId = 0x0AFF0009;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private BgpSpeaker? _speaker;
    private TestLogger? _logger;
    private RecordingSink _sink = new();

    [SetUp]
    public void SetUp() => _sink = new RecordingSink();

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

    private static OpenMessage GrOpen(bool n)
    {
        var open = RawPeer.Open(65002, PeerId);
        return open with { Capabilities = open.Capabilities.Add(new GracefulRestartCapability(false, n, 120, [new GracefulRestartFamily(AfiSafi.L2vpnEvpn, true)])) };
    }

    private async Task StartAsync()
    {
        _logger = new TestLogger("S");
        _speaker = new BgpSpeaker(new SpeakerConfig
        {
            RouterId = SpeakerId,
            LocalAs = 65001,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Neighbors = [new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true }],
        }, _logger, _sink);
        await _speaker.StartAsync();
    }

    private async Task<(RawPeer Peer, BgpPeerSession Session)> EstablishAsync(OpenMessage open)
    {
        var peer = await RawPeer.ConnectAsync(_speaker!.ListenEndPoint!);
        var ours = (OpenMessage?)await peer.ExpectAsync(BgpMessageType.Open, Timeout);
        Assert.That(ours!.Capabilities.OfType<GracefulRestartCapability>().Single().NotificationSupport, Is.True);
        await peer.SendAsync(open);
        await peer.ExpectAsync(BgpMessageType.Keepalive, Timeout);
        await peer.SendAsync(KeepaliveMessage.Instance);
        var call = await _sink.NextAsync();
        while (call.Kind != "up")
        {
            // The down of a session this connection replaced comes first.
            call = await _sink.NextAsync();
        }
        return (peer, call.Session);
    }

    [Test]
    public async Task NewConnectionWhileEstablished_EndsTheOldSessionKeepingItsRoutes_AndTheNewOneComesUp()
    {
        await StartAsync();
        var (first, firstSession) = await EstablishAsync(GrOpen(n: false));
        await using var f = first;

        var (second, secondSession) = await EstablishAsync(GrOpen(n: false));
        await using var s = second;

        // The down of the first session came before the second's up: look at the first session itself.
        Assert.That(firstSession.IsUp, Is.False);
        Assert.That(firstSession.RoutesRetained, Is.True, "its routes stay as stale (RFC 4724 s4.2)");
        Assert.That(await first.ReadUntilClosedAsync(Timeout), Is.Null, "closed as on a TCP reset, no collision Cease");
        Assert.That(secondSession.IsUp, Is.True);
        var status = _speaker!.GetNeighbors().Single();
        Assert.That((status.State, status.EstablishedTransitions), Is.EqualTo(("Established", 2)));
    }

    [Test]
    public async Task HardReset_WithTheNBit_SendsCease9CarryingAdministrativeReset_AndFlushes()
    {
        await StartAsync();
        var (peer, session) = await EstablishAsync(GrOpen(n: true));
        await using var p = peer;

        Assert.That(_speaker!.HardReset(IPAddress.Loopback, "clear neighbor"), Is.True);

        var notification = await peer.ReadUntilClosedAsync(Timeout);
        Assert.That((notification?.Code, notification?.Subcode), Is.EqualTo(((NotificationCode?)NotificationCode.Cease, (byte?)CeaseSubcode.HardReset)));
        Assert.That(notification!.Data[..2], Is.EqualTo(new byte[] { 6, CeaseSubcode.AdministrativeReset }));
        var down = await _sink.NextAsync();
        Assert.That(down.Kind, Is.EqualTo("down"));
        Assert.That(session.RoutesRetained, Is.False);
    }

    [Test]
    public async Task StopToRestart_ClosesWithoutNotification_SoThePeerKeepsOurRoutes()
    {
        await StartAsync();
        var (peer, _) = await EstablishAsync(GrOpen(n: true));
        await using var p = peer;

        var stopped = _speaker!.StopAsync("restarting", TimeSpan.FromSeconds(2), restarting: true);
        Assert.That(await peer.ReadUntilClosedAsync(Timeout), Is.Null);
        await stopped;
        _speaker = null;
    }
}
