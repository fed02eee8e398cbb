using System.Net;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.RawBgp;
using static Evpnd.Interop.Tests.Backpressure.BackpressureLab;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Backpressure;

/// <summary>
/// Issue 12, item 2: a type-2 route whose next hop is evpnd's own VTEP (an anycast pair, a
/// reflected route), 0.0.0.0, loopback, multicast or link-local is never installed (a frame sent
/// there loops or vanishes); a route from the same peer with a usable next hop still is, and the
/// drop is logged once per peer, not once per route.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class MartianNextHopTests : InteropTest
{
    private const ulong MartianMacBase = 0x0231_0000_0000;
    private const ulong SentinelMac = 0x0231_ffff_0001;
    private const int MacsPerNextHop = 10;

    private static readonly string[] s_martians = [EvpndVtep, "0.0.0.0", "127.0.0.1", "224.0.0.5", "169.254.1.1"];

    [Test]
    public async Task RoutesToOurOwnOrMartianNextHopsAreNotInstalled()
    {
        BackpressureLab lab = await BackpressureLab.CreateAsync(Lab);
        await using RawBgpPeer peer = await lab.ConnectAsync("P1", P1Address, 65011, keepReading: true);
        var updates = new List<byte[]>();
        for (int i = 0; i < s_martians.Length; i++)
        {
            var nextHop = IPAddress.Parse(s_martians[i]);
            var origin = P1Origin with { Vtep = nextHop };
            updates.AddRange(RawBgpMessages.MacAnnouncements(origin, Enumerable.Range(0, MacsPerNextHop).Select(m => MartianMacBase + (ulong)(i << 8) + (ulong)m)));
        }
        // The sentinel comes last: once it is in the kernel, every martian route before it was handled.
        updates.AddRange(RawBgpMessages.MacAnnouncements(P1Origin, [SentinelMac]));
        await peer.SendAsync(updates);

        await Poll.UntilAsync(() => lab.KernelHasMacAsync(SentinelMac), ok => ok, "the sentinel MAC (a usable next hop) in the DUT's kernel");
        IReadOnlyList<FdbEntry> fdb = await lab.Dut.GetFdbAsync(Vxlan);
        var installed = fdb.Where(e => e.Dst is not null && !e.IsFloodEntry && s_martians.Contains(e.Dst)).ToList();
        Assert.That(installed, Is.Empty, $"no remote MAC towards our own VTEP or a martian address: {string.Join("; ", installed)}");
        Assert.That(peer.NotificationReceived, Is.Null, "the session stays up (a martian next hop is not a session error)");
        int logged = lab.Evpnd.Process!.LogLines.Count(l => l.Contains(P1Address, StringComparison.Ordinal) && l.Contains("martian", StringComparison.OrdinalIgnoreCase));
        TestContext.Out.WriteLine($"log lines naming the martian next hops of {P1Address}: {logged}");
        Assert.That(logged, Is.EqualTo(1), "the drops are logged once for the peer");
    }
}
