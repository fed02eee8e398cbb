using System.Net;
using Evpnd.Bgp.Rib;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// Reading from one peer never waits for another: every peer has its own bounded inbox, and the
/// worker serves them round-robin, so peers that flood it all converge and none starves.
/// </summary>
public sealed class RibWorkerInboxTests
{
    [Test]
    public async Task AFullInbox_MakesOnlyItsOwnPeerWait()
    {
        var gate = new GateObserver();
        await using var rib = new RibWorkerFixture(null, gate);
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var b = await rib.UpAsync(new RecordingRibPeer("192.0.2.3", 65003, 0x0A000003));
        var updates = Announce(Attributes(65002), Vtep(2), Enumerable.Range(1, 20_000).Select(i => Type2(i)));

        // The worker is held at the first batch's observer call ...
        gate.Close();
        await rib.Worker.UpdateReceivedAsync(a, updates[0], CancellationToken.None);
        await gate.Holding.Task.WaitAsync(TimeSpan.FromSeconds(20));
        // ... so a's inbox fills and a's read loop would wait ...
        ValueTask waiting = default;
        int posted = 1;
        while (posted < updates.Count)
        {
            waiting = rib.Worker.UpdateReceivedAsync(a, updates[posted++], CancellationToken.None);
            if (!waiting.IsCompleted)
            {
                break;
            }
        }
        Assert.That(waiting.IsCompleted, Is.False, "a's inbox never filled");
        TestContext.Out.WriteLine($"a's inbox full after {posted} UPDATEs ({rib.Worker.InboxBytes(a)} bytes)");

        // ... and b is not made to wait for it.
        var fromB = rib.Worker.UpdateReceivedAsync(b, Announce(Attributes(65003), Vtep(3), Type2(1, rd: 3)), CancellationToken.None);
        Assert.That(fromB.IsCompleted, Is.True, "b's read loop waited for a's backlog");

        gate.Open();
        await waiting;
        for (; posted < updates.Count; posted++)
        {
            await rib.Worker.UpdateReceivedAsync(a, updates[posted], CancellationToken.None);
        }
        Assert.That(await rib.LocRibAsync(), Has.Count.EqualTo(20_001));
    }

    [Test]
    public async Task ThreePeersAnnouncing100000MacsAtOnce_AllConverge_NoneStarves()
    {
        const int perPeer = 100_000;
        var gate = new GateObserver();
        await using var rib = new RibWorkerFixture(null, gate);
        var peers = new List<RecordingRibPeer>();
        var streams = new List<List<byte[]>>();
        for (byte p = 2; p <= 4; p++)
        {
            peers.Add(await rib.UpAsync(new RecordingRibPeer($"192.0.2.{p}", 65000u + p, 0x0A000000u + p)));
            streams.Add(Announce(Attributes(65000u + p), Vtep(p), Enumerable.Range(1, perPeer).Select(i => Type2(i, rd: p))));
        }

        // Hold the worker until every peer's inbox is full, then let all three go at once.
        gate.Close();
        await rib.Worker.UpdateReceivedAsync(peers[0], streams[0][0], CancellationToken.None);
        await gate.Holding.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var senders = Enumerable.Range(0, 3).Select(i => Task.Run(async () =>
        {
            for (int u = i == 0 ? 1 : 0; u < streams[i].Count; u++)
            {
                await rib.Worker.UpdateReceivedAsync(peers[i], streams[i][u], CancellationToken.None);
            }
        })).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (peers.Any(p => rib.Worker.InboxBytes(p) < 128 * 1024))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the inboxes did not fill");
            await Task.Delay(10);
        }
        gate.Open();
        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.That(await rib.LocRibAsync(), Has.Count.EqualTo(3 * perPeer), "all converge");

        // Fairness, read from the order the observers heard of the routes: every peer made
        // progress before any of them was done.
        List<IPAddress?> order;
        lock (rib.Observer.Changes)
        {
            order = rib.Observer.Changes.Select(c => c.Peer).ToList();
        }
        var firstDone = peers.Min(p => IndexOfNth(order, p.Address, perPeer));
        foreach (var peer in peers)
        {
            int done = order.Take(firstDone + 1).Count(a => peer.Address.Equals(a));
            TestContext.Out.WriteLine($"{peer.Address}: {done:N0} of {perPeer:N0} routes in when the first peer was done");
            Assert.That(done, Is.GreaterThan(0), $"{peer.Address} starved");
        }
    }

    private static int IndexOfNth(List<IPAddress?> order, IPAddress peer, int n)
    {
        int seen = 0;
        for (int i = 0; i < order.Count; i++)
        {
            if (peer.Equals(order[i]) && ++seen == n)
            {
                return i;
            }
        }
        return order.Count;
    }
}
