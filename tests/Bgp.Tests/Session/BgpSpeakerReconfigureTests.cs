using System.Net;
using Evpnd.Bgp.Session;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>
/// A reload's neighbor list applied as a difference, and `clear neighbor`, over real loopback
/// TCP: speaker A with two peers, B (from 127.0.0.1) and C (from 127.0.0.2).
/// </summary>
public sealed class BgpSpeakerReconfigureTests
{
    private const uint IdA = 0x0AFF0001;
    private const uint IdB = 0x0AFF0002;
    private const uint IdC = 0x0AFF0003;
    private static readonly IPAddress s_b = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress s_c = IPAddress.Parse("127.0.0.2");

    private readonly List<BgpSpeaker> _speakers = [];
    private readonly List<TestLogger> _loggers = [];

    [TearDown]
    public async Task TearDown()
    {
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
    }

    [Test]
    public async Task RemovedNeighborGetsPeerDeconfigured_TheOtherSessionStaysUp()
    {
        var (a, b, c) = await ThreeSpeakersAsync();

        var changes = await a.ReconfigureAsync([PeerB()]);

        Assert.That(changes.Removed, Is.EqualTo(new[] { s_c }));
        Assert.That(changes.Added.Concat(changes.Reset), Is.Empty);
        await Eventually.That(() => Single(c).LastNotificationReceived is not null, "C to receive a Cease");
        Assert.That(Single(c).LastNotificationReceived, Does.Contain("6/3 (Cease/Peer De-configured"), "as RFC 8538 Hard Reset: both are evpnd, the N bit is negotiated");
        Assert.That(a.GetNeighbors().Select(n => n.Address), Is.EqualTo(new[] { "127.0.0.1" }), "A no longer lists C");
        Assert.That(a.Find(s_c), Is.Null, "a connection from C is refused");
        Assert.That(Single(a).State, Is.EqualTo("Established"));
        Assert.That(Single(a).EstablishedTransitions, Is.EqualTo(1), "B's session was not reset");
        Assert.That(Single(b).LastNotificationReceived, Is.Null);
    }

    [Test]
    public async Task ChangedHoldTimeResetsOnlyThatSession_ANewNeighborStarts()
    {
        var (a, _, c) = await ThreeSpeakersAsync(startC: false);
        Assert.That(a.GetNeighbors().Select(n => n.Address), Is.EqualTo(new[] { "127.0.0.1" }));

        var added = await a.ReconfigureAsync([PeerB(), PeerC()]);
        Assert.That(added.Added, Is.EqualTo(new[] { s_c }));
        await Established(a, s_c);

        var changed = await a.ReconfigureAsync([PeerB() with { Description = "spine 1" }, PeerC() with { HoldTime = 30 }]);

        Assert.That(changed.Reset, Is.EqualTo(new[] { s_c }));
        Assert.That(changed.Relabelled, Is.EqualTo(new[] { s_b }));
        await Eventually.That(() => Status(a, s_c).EstablishedTransitions == 2 && Status(a, s_c).State == "Established", "C to come back");
        Assert.That(Status(a, s_c).LastNotificationSent, Does.StartWith("6/6 (Cease/Other Configuration Change"));
        Assert.That(Status(a, s_c).NegotiatedHoldTime, Is.EqualTo((ushort)30), "C's session runs with the new hold time");
        Assert.That(Status(a, s_b).EstablishedTransitions, Is.EqualTo(1), "B's session was not reset");
        Assert.That(Status(a, s_b).Description, Is.EqualTo("spine 1"));
        Assert.That(Single(c).EstablishedTransitions, Is.EqualTo(2));
    }

    [Test]
    public async Task HardClearSendsAdministrativeReset_AndTheSessionComesBack()
    {
        var (a, b, _) = await ThreeSpeakersAsync(startC: false);

        Assert.That(await a.ClearAsync(s_b, soft: false), Is.EqualTo(ClearOutcome.Reset));

        await Eventually.That(() => Single(a).EstablishedTransitions == 2 && Single(a).State == "Established", "B to come back");
        Assert.That(Single(b).LastNotificationReceived, Does.Contain("6/4 (Cease/Administrative Reset"), "as RFC 8538 Hard Reset: both are evpnd, the N bit is negotiated");
        Assert.That(await a.ClearAsync(IPAddress.Parse("192.0.2.1"), soft: false), Is.EqualTo(ClearOutcome.NotConfigured), "not a neighbor");
    }

    [Test]
    public async Task SoftClearSendsRouteRefresh_TheSessionStays()
    {
        var (a, b, _) = await ThreeSpeakersAsync(startC: false);

        Assert.That(await a.ClearAsync(s_b, soft: true), Is.EqualTo(ClearOutcome.Refreshed));

        await Eventually.That(() => Single(b).MessagesIn.RouteRefresh == 1, "B to receive a ROUTE-REFRESH");
        Assert.That(Single(a).EstablishedTransitions, Is.EqualTo(1));
        Assert.That(Single(b).LastNotificationReceived, Is.Null);
    }

    private async Task<(BgpSpeaker A, BgpSpeaker B, BgpSpeaker C)> ThreeSpeakersAsync(bool startC = true)
    {
        var a = await StartAsync("A", IdA, 65001, new IPEndPoint(IPAddress.Loopback, 0), startC ? [PeerB(), PeerC()] : [PeerB()]);
        var port = a.ListenEndPoint!.Port;
        var b = await StartAsync("B", IdB, 65002, null, [new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65001, Port = port, HoldTime = 9 }]);
        var c = await StartAsync("C", IdC, 65003, null, [new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65001, Port = port, LocalAddress = s_c, HoldTime = 60, ConnectRetry = 1 }]);
        await Established(a, s_b);
        if (startC)
        {
            await Established(a, s_c);
        }
        return (a, b, c);
    }

    private static PeerConfig PeerB() => new() { Address = s_b, RemoteAs = 65002, Passive = true };

    private static PeerConfig PeerC() => new() { Address = s_c, RemoteAs = 65003, Passive = true };

    private async Task<BgpSpeaker> StartAsync(string name, uint id, uint asn, IPEndPoint? listen, PeerConfig[] neighbors)
    {
        var logger = new TestLogger(name);
        _loggers.Add(logger);
        // Without Graceful Restart, so that the Cease subcodes show as sent (with RFC 8538's N bit
        // 6/3 and 6/4 travel inside a Hard Reset, 6/9).
        var speaker = new BgpSpeaker(new SpeakerConfig
        {
            RouterId = id, LocalAs = asn, Listen = listen, Neighbors = [.. neighbors], GracefulRestart = new GracefulRestartConfig { Enabled = false },
        }, logger, time: TimeProvider.System);
        _speakers.Add(speaker);
        await speaker.StartAsync();
        return speaker;
    }

    private static Task Established(BgpSpeaker speaker, IPAddress neighbor)
    {
        var n = speaker.Find(neighbor)!;
        return Eventually.That(() => n.State == SessionState.Established, $"{neighbor} to reach Established (now {n.State})", n.NextStateChangeAsync);
    }

    private static NeighborStatus Single(BgpSpeaker speaker) => speaker.GetNeighbors().Single();

    private static NeighborStatus Status(BgpSpeaker speaker, IPAddress address) =>
        speaker.GetNeighbors().Single(n => n.Address == address.ToString());
}
