using System.Diagnostics;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using Evpnd.Interop.Tests.Harness.RawBgp;
using static Evpnd.Interop.Tests.Backpressure.BackpressureLab;

namespace Evpnd.Interop.Tests.Backpressure;

/// <summary>
/// A peer that completes OPEN and then never reads its socket must not stall evpnd: another
/// peer's 200,000 MACs still reach the kernel, a well-behaved peer stays up and its MAC is
/// installed and re-advertised while the stuck peer is owed 200,000 routes, and tearing the stuck
/// peer down releases what evpnd held for it. The same scenario with FRR as the DUT is the
/// baseline (explicit: it is not run in CI).
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class StuckPeerTests : InteropTest
{
    public const int Macs = 200_000;
    private const ulong P1MacBase = 0x0201_0000_0000;
    private const ulong P3Mac = 0x0203_0000_0001;

    [Test]
    public async Task PeerThatStopsReading_DoesNotHoldUpTheOthers()
    {
        BackpressureLab lab = await BackpressureLab.CreateAsync(Lab);
        await using StuckPeerRun run = await RunAsync(lab);

        EvpndNeighbor stuck = await lab.Evpnd.ShowNeighborAsync(P2Address);
        EvpndNeighbor good = await lab.Evpnd.ShowNeighborAsync(P3Address);
        EvpndNeighbor announcer = await lab.Evpnd.ShowNeighborAsync(P1Address);
        TestContext.Out.WriteLine($"evpnd: {run}");
        TestContext.Out.WriteLine($"while stuck: P2 {stuck}");
        TestContext.Out.WriteLine($"P3 {good}; P3 saw {run.P3.MacCount:N0} MACs, longest silence {run.P3.LongestSilence.TotalSeconds:F1} s (hold {run.P3.HoldTime} s)");
        Assert.Multiple(() =>
        {
            Assert.That(stuck.IsEstablished, Is.True, "P2 keeps its session (it sends KEEPALIVEs)");
            Assert.That(stuck.PendingRoutes, Is.GreaterThan(0), "evpnd owes the stuck P2 routes (else the test proved nothing)");
            foreach (var (neighbor, peer) in new[] { (good, run.P3), (announcer, run.P1) })
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
        await run.P2.DisposeAsync();
        EvpndNeighbor gone = await lab.Evpnd.WaitForNeighborAsync(P2Address, n => !n.IsEstablished, "down after P2 closed");
        TestContext.Out.WriteLine($"after P2 closed: {gone}");
        Assert.That(gone.PendingRoutes ?? 0, Is.Zero);
        Assert.That((await lab.Evpnd.ShowNeighborAsync(P3Address)).IsEstablished, Is.True);
    }

    [Test]
    [Explicit("The FRR baseline of the test above; run it with --filter Name~FrrBaseline")]
    public async Task FrrBaseline_PeerThatStopsReading()
    {
        BackpressureLab lab = await BackpressureLab.CreateWithFrrAsync(Lab);
        await using StuckPeerRun run = await RunAsync(lab);

        FrrNeighbor stuck = await lab.Frr!.GetNeighborAsync(P2Address);
        FrrNeighbor good = await lab.Frr.GetNeighborAsync(P3Address);
        TestContext.Out.WriteLine($"FRR 8.4: {run}");
        TestContext.Out.WriteLine($"P2 in FRR's view: {stuck.BgpState}, established {stuck.ConnectionsEstablished}, dropped {stuck.ConnectionsDropped}, last reset '{stuck.LastResetDueTo}'");
        TestContext.Out.WriteLine($"P3 in FRR's view: {good.BgpState}, established {good.ConnectionsEstablished}, dropped {good.ConnectionsDropped}; P3 saw {run.P3.MacCount:N0} MACs, longest silence {run.P3.LongestSilence.TotalSeconds:F1} s");
    }

    /// <summary>
    /// P2 connects and stops reading, P3 reads, P1 reads and writes its 200,000 MACs as fast as TCP
    /// takes them; when half are written P3 announces a MAC of its own; until the DUT's kernel holds
    /// all of P1's MACs.
    /// </summary>
    private static async Task<StuckPeerRun> RunAsync(BackpressureLab lab)
    {
        RawBgpPeer p2 = await lab.ConnectAsync("P2", P2Address, 65012, keepReading: false);
        RawBgpPeer p3 = await lab.ConnectAsync("P3", P3Address, 65013, keepReading: true);
        RawBgpPeer p1 = await lab.ConnectAsync("P1", P1Address, 65011, keepReading: true);
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
            "P3's MAC in the DUT's kernel", TimeSpan.FromSeconds(60));
        TimeSpan readvertised = await atP1;

        await sending.WaitAsync(TimeSpan.FromSeconds(180));
        TimeSpan written = clock.Elapsed;
        await Poll.UntilAsync(() => lab.KernelHasMacAsync(P1MacBase + Macs - 1), ok => ok,
            "P1's last MAC in the DUT's kernel", TimeSpan.FromSeconds(240));
        await lab.WaitForKernelMacCountAsync(P1Origin.Vtep, Macs, TimeSpan.FromSeconds(120));
        return new StuckPeerRun(p1, p2, p3, updates.Count, written, clock.Elapsed, midRun, readvertised, installed);
    }
}
