using System.Diagnostics;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using static Evpnd.Interop.Tests.Sessions.Speakers;

namespace Evpnd.Interop.Tests.Sessions;

/// <summary>A short hold time negotiated by evpnd is kept alive by keepalives, and enforced when the peer falls silent.</summary>
[TestFixture]
[Category("Interop")]
public sealed class HoldTimerTests : InteropTest
{
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_sampleInterval = TimeSpan.FromMilliseconds(500);

    [Test]
    public async Task SessionWithThreeSecondHoldTimeStaysEstablishedAcrossTenSeconds()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        // FRR keeps its datacenter default (hold 9 s): the 3 s must come from evpnd's OPEN
        // (RFC 4271 s4.2: the smaller of the two hold times is used).
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(EvpndAs)));
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(FrrAs)) { HoldTime = 3 });
        await frr.StartAsync();
        await evpnd.StartAsync();
        EvpndNeighbor evpndBefore = await evpnd.WaitForNeighborStateAsync(frrAddress, "Established");
        FrrNeighbor frrBefore = await frr.WaitForNeighborStateAsync(evpndAddress, "Established");

        // Watch the session for more than three hold times: one missed keepalive round drops it.
        EvpndNeighbor evpndAfter = evpndBefore;
        FrrNeighbor frrAfter = frrBefore;
        Stopwatch watched = Stopwatch.StartNew();
        while (watched.Elapsed < s_window)
        {
            await Task.Delay(s_sampleInterval);
            evpndAfter = await evpnd.GetNeighborAsync(frrAddress);
            frrAfter = await frr.GetNeighborAsync(evpndAddress);
            string when = $"after {watched.Elapsed.TotalSeconds:0.0} s";
            Assert.That(evpndAfter.IsEstablished && evpndAfter.EstablishedTransitions == 1, Is.True, $"evpnd {when}: {evpndAfter}");
            Assert.That(frrAfter.IsEstablished && frrAfter.ConnectionsEstablished == 1, Is.True, $"FRR {when}: {frrAfter}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(evpndAfter.NegotiatedHoldTime, Is.EqualTo(3), "evpnd: negotiated hold time");
            Assert.That(frrAfter.BgpTimerHoldTimeMsecs, Is.EqualTo(3000), "FRR: negotiated hold time");
            Assert.That(evpndAfter.MessagesIn.Keepalive, Is.GreaterThan(evpndBefore.MessagesIn.Keepalive), "evpnd received keepalives");
            Assert.That(evpndAfter.MessagesOut.Keepalive, Is.GreaterThan(evpndBefore.MessagesOut.Keepalive), "evpnd sent keepalives");
            Assert.That(frrAfter.MessageStats.KeepalivesRecv, Is.GreaterThan(frrBefore.MessageStats.KeepalivesRecv), "FRR received keepalives");
        });
    }

    [Test]
    public async Task SilentPeerIsDroppedWhenTheHoldTimerExpiresAndReturnsWhenReachable()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(EvpndAs)));
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(FrrAs)) { HoldTime = 3 });
        await frr.StartAsync();
        await evpnd.StartAsync();
        await evpnd.WaitForNeighborStateAsync(frrAddress, "Established");

        // Taking the link down on FRR's side silences FRR without closing evpnd's TCP connection:
        // nothing, not even a FIN, reaches evpnd, so only its hold timer can notice (RFC 4271 s6.5).
        await frrNs.IpAsync("link", "set", link.A.Interface, "down");
        EvpndNeighbor expired = await evpnd.WaitForNeighborAsync(
            frrAddress, n => !n.IsEstablished, "out of Established after the hold time");

        await frrNs.IpAsync("link", "set", link.A.Interface, "up");
        EvpndNeighbor back = await evpnd.WaitForNeighborAsync(
            frrAddress, n => n.IsEstablished && n.EstablishedTransitions == 2, "Established again");

        Assert.Multiple(() =>
        {
            Assert.That(expired.LastNotificationSent, Does.StartWith("4/0"), $"evpnd sent Hold Timer Expired: {expired}");
            Assert.That(expired.LastError, Is.Not.Null.And.Not.Empty, "evpnd says why the session went down");
            Assert.That(back.Families, Does.Contain(EvpnFamily));
        });
    }
}
