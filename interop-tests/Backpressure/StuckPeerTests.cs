using System.Diagnostics;
using System.Net;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.RawBgp;
using static Evpnd.Interop.Tests.Backpressure.BackpressureLab;

namespace Evpnd.Interop.Tests.Backpressure;

/// <summary>
/// A peer that completes OPEN and then never reads its socket must not stall evpnd: another
/// peer's 200,000 MACs still reach the kernel, a well-behaved peer stays up and its MAC is
/// installed and re-advertised while the stuck peer is owed 200,000 routes, and tearing the stuck
/// peer down releases what evpnd held for it.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class StuckPeerTests : InteropTest
{
    private const int Macs = 200_000;
    private const ulong P1MacBase = 0x0201_0000_0000;
    private const ulong P3Mac = 0x0203_0000_0001;

    [Test]
    public async Task PeerThatStopsReading_DoesNotHoldUpTheOthers()
    {
        BackpressureLab lab = await BackpressureLab.CreateAsync(Lab);
        await using RawBgpPeer p2 = await lab.ConnectAsync("P2", P2Address, 65012, keepReading: false);
        await using RawBgpPeer p3 = await lab.ConnectAsync("P3", P3Address, 65013, keepReading: true);
        await using RawBgpPeer p1 = await lab.ConnectAsync("P1", P1Address, 65011, keepReading: true);
        var updates = RawBgpMessages.MacAnnouncements(P1Origin, Enumerable.Range(0, Macs).Select(i => P1MacBase + (ulong)i));

        var clock = Stopwatch.StartNew();
        var halfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task sending = Task.Run(async () =>
        {
            await p1.SendAsync(updates[..(updates.Count / 2)]);
            halfSent.TrySetResult();
            await p1.SendAsync(updates[(updates.Count / 2)..]);
        });

        // Mid-run: when P1 has written half its MACs, P3 announces one of its own.
        await halfSent.Task.WaitAsync(TimeSpan.FromSeconds(180));
        int midRun = await lab.KernelMacCountAsync(P1Origin.Vtep);
        var announced = Stopwatch.StartNew();
        await p3.SendAsync(RawBgpMessages.MacAnnouncements(P3Origin, [P3Mac]));
        // P1's view is read in-process, every 10 ms; the kernel through a command, every 200 ms.
        Task<TimeSpan> atP1 = Task.Run(async () =>
        {
            while (!p1.HasMac(P3Mac, out _))
            {
                Assert.That(announced.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "P3's MAC re-advertised to P1");
                await Task.Delay(10);
            }
            return announced.Elapsed;
        });
        TimeSpan installed = await TimeUntilAsync(announced, () => lab.KernelHasMacAsync(P3Mac),
            "P3's MAC in evpnd's kernel", TimeSpan.FromSeconds(60));
        TimeSpan readvertised = await atP1;

        await sending.WaitAsync(TimeSpan.FromSeconds(180));
        TimeSpan sent = clock.Elapsed;
        await Poll.UntilAsync(() => lab.KernelHasMacAsync(P1MacBase + Macs - 1), ok => ok,
            $"P1's last MAC in evpnd's kernel", TimeSpan.FromSeconds(240));
        await lab.WaitForKernelMacCountAsync(P1Origin.Vtep, Macs, TimeSpan.FromSeconds(120));
        TimeSpan allInstalled = clock.Elapsed;

        EvpndNeighbor stuck = await lab.Evpnd.ShowNeighborAsync(P2Address);
        EvpndNeighbor good = await lab.Evpnd.ShowNeighborAsync(P3Address);
        EvpndNeighbor announcer = await lab.Evpnd.ShowNeighborAsync(P1Address);
        TestContext.Out.WriteLine($"P1 wrote {Macs:N0} MACs ({updates.Count:N0} UPDATEs) in {sent.TotalSeconds:F1} s; all in evpnd's kernel after {allInstalled.TotalSeconds:F1} s ({Macs / allInstalled.TotalSeconds:N0} MACs/s)");
        TestContext.Out.WriteLine($"P3's MAC, announced mid-run (P1 half written, about {midRun:N0} of its MACs in the kernel): at P1 after {readvertised.TotalMilliseconds:F0} ms, seen in evpnd's kernel after {installed.TotalMilliseconds:F0} ms (polled every 200 ms)");
        TestContext.Out.WriteLine($"while stuck: P2 {stuck}");
        TestContext.Out.WriteLine($"P3 {good}; P3 saw {p3.MacCount:N0} MACs, longest silence {p3.LongestSilence.TotalSeconds:F1} s (hold {p3.HoldTime} s)");
        Assert.Multiple(() =>
        {
            Assert.That(stuck.IsEstablished, Is.True, "P2 keeps its session (it sends KEEPALIVEs)");
            Assert.That(stuck.PendingRoutes, Is.GreaterThan(0), "evpnd owes the stuck P2 routes (else the test proved nothing)");
            foreach (var (neighbor, peer) in new[] { (good, p3), (announcer, p1) })
            {
                Assert.That(neighbor.IsEstablished, Is.True, $"{peer.Name} Established in evpnd's view");
                Assert.That(neighbor.EstablishedTransitions, Is.EqualTo(1), $"{peer.Name} never went down");
                Assert.That(neighbor.LastNotificationSent, Is.Null, $"evpnd sent {peer.Name} a NOTIFICATION");
                Assert.That(peer.NotificationReceived, Is.Null, $"{peer.Name} received a NOTIFICATION");
                Assert.That(peer.Closed, Is.False, $"{peer.Name}'s connection closed");
                Assert.That(peer.HoldTimerWouldHaveExpired, Is.False, $"{peer.Name}'s own hold timer would have expired");
            }
        });

        // Tear the stuck peer down: what evpnd held for it goes.
        await p2.DisposeAsync();
        EvpndNeighbor gone = await lab.Evpnd.WaitForNeighborAsync(P2Address, n => !n.IsEstablished, "down after P2 closed");
        TestContext.Out.WriteLine($"after P2 closed: {gone}");
        Assert.That(gone.PendingRoutes ?? 0, Is.Zero);
        Assert.That((await lab.Evpnd.ShowNeighborAsync(P3Address)).IsEstablished, Is.True);
    }
}
