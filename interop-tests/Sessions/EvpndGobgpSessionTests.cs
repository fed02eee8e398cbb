using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Gobgp;
using static Evpnd.Interop.Tests.Sessions.Speakers;

namespace Evpnd.Interop.Tests.Sessions;

/// <summary>evpnd and gobgpd reach Established with L2VPN/EVPN, whichever side opens the connection.</summary>
[TestFixture]
[Category("Interop")]
public sealed class EvpndGobgpSessionTests : InteropTest
{
    [Test]
    public async Task EvpndConnectsToListeningGobgp()
    {
        (Netns gobgpNs, Netns evpndNs, VethLink link) = await CreatePairAsync("gobgp");
        string gobgpAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        GobgpNode gobgp = Lab.AddGobgp(gobgpNs, GobgpAs, GobgpRouterId)
            .AddNeighbor(new GobgpNeighborConfig(evpndAddress, EvpndAs) { Passive = true });
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(gobgpAddress, AsText(GobgpAs)));
        await gobgp.StartAsync();
        await evpnd.StartAsync();

        await AssertEstablishedWithEvpnAsync(gobgp, evpnd, gobgpAddress, evpndAddress);
        IReadOnlyList<TcpConnection> connections = await evpndNs.GetTcpConnectionsAsync(179);
        Assert.That(connections.Select(c => c.Remote.Port), Is.EqualTo(new[] { 179 }), "evpnd connected to GoBGP");
    }

    [Test]
    public async Task GobgpConnectsToPassiveEvpnd()
    {
        (Netns gobgpNs, Netns evpndNs, VethLink link) = await CreatePairAsync("gobgp");
        string gobgpAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        GobgpNode gobgp = Lab.AddGobgp(gobgpNs, GobgpAs, GobgpRouterId)
            .AddNeighbor(new GobgpNeighborConfig(evpndAddress, EvpndAs));
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(gobgpAddress, AsText(GobgpAs)) { Passive = true });
        await evpnd.StartAsync();
        await gobgp.StartAsync();

        await AssertEstablishedWithEvpnAsync(gobgp, evpnd, gobgpAddress, evpndAddress);
        IReadOnlyList<TcpConnection> connections = await evpndNs.GetTcpConnectionsAsync(179);
        Assert.That(connections.Select(c => c.Local.Port), Is.EqualTo(new[] { 179 }), "GoBGP connected to evpnd");
    }

    private static async Task AssertEstablishedWithEvpnAsync(
        GobgpNode gobgp, EvpndNode evpnd, string gobgpAddress, string evpndAddress)
    {
        EvpndNeighbor atEvpnd = await evpnd.WaitForNeighborStateAsync(gobgpAddress, "Established");
        GobgpNeighbor atGobgp = await gobgp.WaitForNeighborStateAsync(evpndAddress, GobgpSessionState.Established);
        Assert.Multiple(() =>
        {
            Assert.That(atEvpnd.Families, Does.Contain(EvpnFamily), "evpnd: negotiated families");
            Assert.That(atEvpnd.PeerAs, Is.EqualTo(GobgpAs), "evpnd: the AS in GoBGP's OPEN");
            Assert.That(atGobgp.PeerAdvertisedEvpn, Is.True, "GoBGP: evpnd's OPEN carried l2vpn-evpn");
            Assert.That(atGobgp.LocalAdvertisedEvpn, Is.True, "GoBGP: its own OPEN carried l2vpn-evpn");
            Assert.That(atGobgp.State.RouterId, Is.EqualTo(EvpndRouterId), "GoBGP: evpnd's BGP identifier");
        });
    }
}
