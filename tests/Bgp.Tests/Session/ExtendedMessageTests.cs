using System.Buffers.Binary;
using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>RFC 8654: messages above 4096 bytes only once both sides announced Extended Message.</summary>
public sealed class ExtendedMessageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private BgpSpeaker? _speaker;

    [TearDown]
    public async Task TearDown()
    {
        if (_speaker is not null)
        {
            await _speaker.StopAsync(null, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>An UPDATE withdrawing 150 EVPN MAC routes: about 5.3 kB.</summary>
    private static byte[] LargeWithdraw()
    {
        var buffer = new byte[BgpHeader.MaxExtendedMessageLength];
        var writer = new UpdateWriter(buffer, new UpdateCodecOptions(true, BgpHeader.MaxExtendedMessageLength));
        writer.BeginMpUnreach(AfiSafi.L2vpnEvpn);
        var nlri = new byte[35];
        nlri[0] = 2;
        nlri[1] = 33;
        nlri[3] = 1;
        nlri[24] = 48;
        for (var i = 0; i < 150; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(nlri.AsSpan(27), i);
            Assert.That(writer.TryAddMpNlri(nlri), Is.True);
        }
        return writer.Complete().ToArray();
    }

    private async Task<RawPeer> EstablishAsync(bool extended)
    {
        _speaker = new BgpSpeaker(new SpeakerConfig
        {
            RouterId = 0x0AFF0001,
            LocalAs = 65001,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Neighbors = [new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true }],
        }, new TestLogger("A"));
        await _speaker.StartAsync();
        var raw = await RawPeer.ConnectAsync(_speaker.ListenEndPoint!);
        var open = RawPeer.Open(65002, 0x0AFF0002);
        if (extended)
        {
            open = open with { Capabilities = open.Capabilities.Add(ExtendedMessageCapability.Instance) };
        }
        await raw.SendAsync(open);
        await raw.ExpectAsync(BgpMessageType.Open, Timeout);
        await raw.SendAsync(KeepaliveMessage.Instance);
        var n = _speaker.Find(IPAddress.Loopback)!;
        await Eventually.That(() => n.State == SessionState.Established, "Established", n.NextStateChangeAsync);
        return raw;
    }

    [Test]
    public async Task Negotiated_LargeUpdateIsAccepted()
    {
        await using var raw = await EstablishAsync(extended: true);
        var update = LargeWithdraw();
        Assert.That(update.Length, Is.GreaterThan(BgpHeader.MaxMessageLength));

        await raw.SendRawAsync(update);

        var n = _speaker!.Find(IPAddress.Loopback)!;
        await Eventually.That(() => n.UpdatesReceived == 1, "the large UPDATE");
        Assert.That(n.State, Is.EqualTo(SessionState.Established));
    }

    [Test]
    public async Task NotNegotiated_LargeUpdateIsBadMessageLength1_2()
    {
        await using var raw = await EstablishAsync(extended: false);
        var update = LargeWithdraw();

        await raw.SendRawAsync(update);

        var notification = await raw.ReadUntilClosedAsync(Timeout);
        Assert.That(notification?.ToString(), Is.EqualTo("1/2 (Message Header Error/Bad Message Length)"));
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(notification!.Data), Is.EqualTo(update.Length));
    }
}
