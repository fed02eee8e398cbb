using System.Diagnostics;
using System.Globalization;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.RawBgp;
using static Evpnd.Interop.Tests.Backpressure.BackpressureLab;

namespace Evpnd.Interop.Tests.Backpressure;

/// <summary>
/// One peer re-announces 1,000 MACs every second with a new MAC mobility sequence number while
/// another has stopped reading: the sessions stay up, the reading peer ends with every MAC at the
/// last sequence, and what evpnd owes each peer stays within the number of distinct routes, however
/// many changes there were. 20 s by default; EVPND_CHURN_SECONDS=60 runs the minute.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class ChurnTests : InteropTest
{
    private const int Macs = 1000;
    private const ulong MacBase = 0x0201_0001_0000;

    [Test]
    public async Task ChurnWithAStuckPeer_SessionsStayUp_PendingStaysBounded()
    {
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("EVPND_CHURN_SECONDS"), CultureInfo.InvariantCulture, out int s) && s > 0 ? s : 20;
        BackpressureLab lab = await BackpressureLab.CreateAsync(Lab);
        await using RawBgpPeer p2 = await lab.ConnectAsync("P2", P2Address, 65012, keepReading: false);
        await using RawBgpPeer p3 = await lab.ConnectAsync("P3", P3Address, 65013, keepReading: true);
        await using RawBgpPeer p1 = await lab.ConnectAsync("P1", P1Address, 65011, keepReading: true);
        var macs = Enumerable.Range(0, Macs).Select(i => MacBase + (ulong)i).ToList();
        int local = (await lab.Evpnd.ShowEvpnRoutesAsync()).Count(r => r.IsLocal);
        int distinct = Macs + local;

        var maxPending = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        uint round = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            round++;
            await p1.SendAsync(RawBgpMessages.MacAnnouncements(P1Origin, macs, mobilitySequence: round));
            IReadOnlyList<EvpndNeighbor> neighbors = await lab.Evpnd.ShowNeighborsAsync();
            TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds,5:F1} s round {round,3}: pending " +
                string.Join(", ", neighbors.Select(n => $"{n.Address} {n.PendingRoutes}")));
            foreach (var n in neighbors)
            {
                maxPending[n.Address] = Math.Max(maxPending.GetValueOrDefault(n.Address), n.PendingRoutes ?? 0);
            }
            await tick.WaitForNextTickAsync();
        }

        await Poll.UntilAsync(() => Task.FromResult(p3.CountMacsWithSequence(macs, round)), n => n == Macs,
            $"P3 to hold all {Macs} MACs at sequence {round}", TimeSpan.FromSeconds(60));
        IReadOnlyList<EvpndNeighbor> end = await lab.Evpnd.ShowNeighborsAsync();
        TestContext.Out.WriteLine($"{round} rounds of {Macs} changes in {clock.Elapsed.TotalSeconds:F0} s; {distinct} distinct routes; most pending: " +
            string.Join(", ", maxPending.Select(p => $"{p.Key} {p.Value}")));
        foreach (var n in end)
        {
            TestContext.Out.WriteLine(n.ToString());
        }
        Assert.Multiple(() =>
        {
            foreach (var (address, most) in maxPending)
            {
                Assert.That(most, Is.LessThanOrEqualTo(distinct), $"routes pending for {address}");
            }
            Assert.That(maxPending[P2Address], Is.GreaterThan(0), "the stuck P2 was owed routes (else the test proved nothing)");
            foreach (var n in end)
            {
                Assert.That(n.IsEstablished, Is.True, $"{n.Address} Established");
                Assert.That(n.EstablishedTransitions, Is.EqualTo(1), $"{n.Address} never went down");
            }
            foreach (var peer in new[] { p1, p3 })
            {
                Assert.That(peer.NotificationReceived, Is.Null, $"{peer.Name} received a NOTIFICATION");
                Assert.That(peer.HoldTimerWouldHaveExpired, Is.False, $"{peer.Name}'s own hold timer would have expired");
            }
        });
    }
}
