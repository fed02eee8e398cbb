using System.Diagnostics;
using System.Globalization;
using System.Net;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Evpn;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.RawBgp;
using static Evpnd.Interop.Tests.Backpressure.BackpressureLab;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Backpressure;

/// <summary>
/// Three peers announce 100,000 MACs each at the same moment: every one of them converges (its
/// MACs all reach the DUT's kernel and the other two peers' MACs all reach it), none waits for
/// another to finish first, and every session stays up throughout.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class FairnessTests : InteropTest
{
    private const int MacsPerPeer = 100_000;

    private static readonly RawEvpnOrigin s_p2Origin = new(65012, IPAddress.Parse("10.255.0.12"), IPAddress.Parse("10.255.0.12"), 100, Vni);

    [Test]
    public async Task ThreePeersAnnouncingAtOnce_AllConverge()
    {
        BackpressureLab lab = await BackpressureLab.CreateAsync(Lab);
        var plan = new (string Name, string Address, uint Asn, RawEvpnOrigin Origin, ulong MacBase)[]
        {
            ("P1", P1Address, 65011, P1Origin, 0x0211_0000_0000),
            ("P2", P2Address, 65012, s_p2Origin, 0x0212_0000_0000),
            ("P3", P3Address, 65013, P3Origin, 0x0213_0000_0000),
        };
        var peers = new List<RawBgpPeer>();
        try
        {
            var updates = new List<List<byte[]>>();
            foreach (var p in plan)
            {
                peers.Add(await lab.ConnectAsync(p.Name, p.Address, p.Asn, keepReading: true));
                updates.Add(RawBgpMessages.MacAnnouncements(p.Origin, Enumerable.Range(0, MacsPerPeer).Select(i => p.MacBase + (ulong)i)));
            }

            var clock = Stopwatch.StartNew();
            Task[] sending = [.. peers.Select((peer, i) => Task.Run(() => peer.SendAsync(updates[i])))];

            // One dump per poll, counted per VTEP: when each peer's MACs were all in the kernel.
            var installed = new TimeSpan?[plan.Length];
            var lastCounts = new int[plan.Length];
            while (installed.Any(t => t is null))
            {
                Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(240)),
                    $"every peer's {MacsPerPeer:N0} MACs in the DUT's kernel; last seen {string.Join(", ", plan.Select((p, i) => $"{p.Name} {lastCounts[i]:N0}"))}");
                Dictionary<string, int> counts = await VtepNamespace.KernelMacCountsByVtepAsync(lab.Dut);
                for (int i = 0; i < plan.Length; i++)
                {
                    lastCounts[i] = counts.GetValueOrDefault(plan[i].Origin.Vtep.ToString());
                    if (installed[i] is null && lastCounts[i] >= MacsPerPeer)
                    {
                        installed[i] = clock.Elapsed;
                    }
                }
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            await Task.WhenAll(sending).WaitAsync(TimeSpan.FromSeconds(60));

            // Each peer gets the other two peers' MACs re-advertised (eBGP), all of them.
            int others = (plan.Length - 1) * MacsPerPeer;
            var received = new TimeSpan[plan.Length];
            for (int i = 0; i < plan.Length; i++)
            {
                RawBgpPeer peer = peers[i];
                received[i] = await TimeUntilAsync(clock, () => Task.FromResult(peer.MacCount >= others),
                    $"{plan[i].Name} received the other peers' {others:N0} MACs (has {peer.MacCount:N0})", TimeSpan.FromSeconds(240));
            }

            for (int i = 0; i < plan.Length; i++)
            {
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{plan[i].Name}: its {MacsPerPeer:N0} MACs all in the kernel after {installed[i]!.Value.TotalSeconds:F1} s; it had the others' {others:N0} after {received[i].TotalSeconds:F1} s; longest silence {peers[i].LongestSilence.TotalSeconds:F1} s"));
            }
            foreach (var p in plan)
            {
                EvpndNeighbor neighbor = await lab.Evpnd.ShowNeighborAsync(p.Address);
                Assert.Multiple(() =>
                {
                    Assert.That(neighbor.IsEstablished, Is.True, $"{p.Name} Established in evpnd's view");
                    Assert.That(neighbor.EstablishedTransitions, Is.EqualTo(1), $"{p.Name} never went down");
                    Assert.That(neighbor.LastNotificationSent, Is.Null, $"evpnd sent {p.Name} a NOTIFICATION");
                });
            }
            Assert.Multiple(() =>
            {
                for (int i = 0; i < plan.Length; i++)
                {
                    Assert.That(peers[i].NotificationReceived, Is.Null, $"{plan[i].Name} received a NOTIFICATION");
                    Assert.That(peers[i].HoldTimerWouldHaveExpired, Is.False, $"{plan[i].Name}'s own hold timer would have expired");
                }
            });
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }
}
