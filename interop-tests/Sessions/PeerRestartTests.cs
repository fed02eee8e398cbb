using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using Evpnd.Interop.Tests.Harness.Gobgp;
using static Evpnd.Interop.Tests.Sessions.Speakers;

namespace Evpnd.Interop.Tests.Sessions;

/// <summary>When the peer goes away evpnd leaves Established; when it comes back the same evpnd re-establishes.</summary>
[TestFixture]
[Category("Interop")]
public sealed class PeerRestartTests : InteropTest
{
    [Test]
    public async Task StoppedFrrBgpdTakesEvpndOutOfEstablishedAndItsRestartReestablishes()
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
        int evpndPid = evpnd.Process!.Pid;

        await frr.StopBgpdAsync();
        EvpndNeighbor down = await evpnd.WaitForNeighborAsync(frrAddress, n => !n.IsEstablished, "out of Established");

        await frr.StartBgpdAsync();
        // Both sides connect at once after the restart: a connection collision (Cease 6/7, RFC
        // 4271 s6.8) may cost one more short session before the one kept; what matters is that
        // the session comes back.
        EvpndNeighbor up = await evpnd.WaitForNeighborAsync(
            frrAddress, n => n.IsEstablished && n.EstablishedTransitions >= 2, "Established again");
        FrrNeighbor atFrr = await frr.WaitForNeighborStateAsync(evpndAddress, "Established");

        Assert.Multiple(() =>
        {
            Assert.That(down.EstablishedTransitions, Is.EqualTo(1), $"evpnd while FRR was down: {down}");
            Assert.That(up.Families, Does.Contain(EvpnFamily));
            Assert.That(atFrr.EvpnNegotiated, Is.True, $"FRR after its restart: {atFrr}");
            Assert.That(evpnd.Process.HasExited, Is.False, "evpnd kept running");
            Assert.That(evpnd.Process.Pid, Is.EqualTo(evpndPid), "evpnd was not restarted");
        });
    }

    [Test]
    public async Task KilledGobgpdTakesEvpndOutOfEstablishedAndItsRestartReestablishes()
    {
        (Netns gobgpNs, Netns evpndNs, VethLink link) = await CreatePairAsync("gobgp");
        string gobgpAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        GobgpNode gobgp = Lab.AddGobgp(gobgpNs, GobgpAs, GobgpRouterId)
            .AddNeighbor(new GobgpNeighborConfig(evpndAddress, EvpndAs));
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(gobgpAddress, AsText(GobgpAs)) { HoldTime = 3 });
        await gobgp.StartAsync();
        await evpnd.StartAsync();
        await evpnd.WaitForNeighborStateAsync(gobgpAddress, "Established");
        int evpndPid = evpnd.Process!.Pid;

        // SIGKILL: no NOTIFICATION; evpnd learns it from the closed connection or its hold timer.
        gobgp.Kill();
        EvpndNeighbor down = await evpnd.WaitForNeighborAsync(gobgpAddress, n => !n.IsEstablished, "out of Established");

        await gobgp.StartAsync();
        EvpndNeighbor up = await evpnd.WaitForNeighborAsync(
            gobgpAddress, n => n.IsEstablished && n.EstablishedTransitions == 2, "Established a second time");
        GobgpNeighbor atGobgp = await gobgp.WaitForNeighborStateAsync(evpndAddress, GobgpSessionState.Established);

        Assert.Multiple(() =>
        {
            Assert.That(down.EstablishedTransitions, Is.EqualTo(1), $"evpnd while GoBGP was down: {down}");
            Assert.That(up.Families, Does.Contain(EvpnFamily));
            Assert.That(atGobgp.PeerAdvertisedEvpn, Is.True, "GoBGP after its restart: evpnd's OPEN carried l2vpn-evpn");
            Assert.That(evpnd.Process.HasExited, Is.False, "evpnd kept running");
            Assert.That(evpnd.Process.Pid, Is.EqualTo(evpndPid), "evpnd was not restarted");
        });
    }
}
