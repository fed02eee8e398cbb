using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Frr;
using Evpnd.Interop.Tests.Harness.Gobgp;

namespace Evpnd.Interop.Tests.SelfTests;

/// <summary>
/// The harness proved on its own, without evpnd: FRR and GoBGP, started by it in two namespaces,
/// reach Established with L2VPN/EVPN. When this fails, the evpnd tests cannot be trusted either.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class FrrGobgpSessionTests : InteropTest
{
    [Test]
    public async Task FrrAndGobgpReachEstablishedWithEvpn()
    {
        Netns frrNs = await Lab.AddNamespaceAsync("frr");
        Netns gobgpNs = await Lab.AddNamespaceAsync("gobgp");
        VethLink link = await Lab.ConnectAsync(frrNs, gobgpNs);
        string frrAddress = link.A.IPv4.ToString();
        string gobgpAddress = link.B.IPv4.ToString();

        FrrNode frr = Lab.AddFrr(frrNs, 65001, "10.255.0.1")
            .AddNeighbor(new FrrNeighborConfig(gobgpAddress, "65002") { HoldTime = 3 });
        GobgpNode gobgp = Lab.AddGobgp(gobgpNs, 65002, "10.255.0.2")
            .AddNeighbor(new GobgpNeighborConfig(frrAddress, 65001) { Passive = true });
        await frr.StartAsync();
        await gobgp.StartAsync();

        FrrNeighbor atFrr = await frr.WaitForNeighborStateAsync(gobgpAddress, "Established");
        GobgpNeighbor atGobgp = await gobgp.WaitForNeighborStateAsync(frrAddress, GobgpSessionState.Established);
        IReadOnlyList<TcpConnection> connections = await gobgpNs.GetTcpConnectionsAsync(179);

        Assert.Multiple(() =>
        {
            Assert.That(atFrr.EvpnNegotiated, Is.True, "FRR: l2vpn evpn advertised and received");
            Assert.That(atFrr.BgpTimerHoldTimeMsecs, Is.EqualTo(3000), "FRR: negotiated hold time");
            Assert.That(atGobgp.PeerAdvertisedEvpn, Is.True, "GoBGP: FRR advertised l2vpn-evpn");
            Assert.That(atGobgp.LocalAdvertisedEvpn, Is.True, "GoBGP: it advertised l2vpn-evpn");
            // GoBGP is passive, so the one connection is FRR's, to GoBGP's port 179.
            Assert.That(connections.Select(c => c.Local.Port), Is.EqualTo(new[] { 179 }), "GoBGP accepted FRR's connection");
        });
    }

    [Test]
    public async Task FrrAndGobgpExchangeEvpnRoutes()
    {
        Netns frrNs = await Lab.AddNamespaceAsync("frr");
        Netns gobgpNs = await Lab.AddNamespaceAsync("gobgp");
        VethLink link = await Lab.ConnectAsync(frrNs, gobgpNs);
        string frrAddress = link.A.IPv4.ToString();
        string gobgpAddress = link.B.IPv4.ToString();
        await frrNs.AddBridgeAsync("br100");
        await frrNs.AddVxlanAsync("vx100", 100, frrAddress, "br100");

        FrrNode frr = Lab.AddFrr(frrNs, 65001, "10.255.0.1").AddNeighbor(new FrrNeighborConfig(gobgpAddress, "65002"));
        frr.EvpnConfig.Add("advertise-all-vni");
        GobgpNode gobgp = Lab.AddGobgp(gobgpNs, 65002, "10.255.0.2").AddNeighbor(new GobgpNeighborConfig(frrAddress, 65001));
        await frr.StartAsync();
        await gobgp.StartAsync();
        await frr.WaitForNeighborStateAsync(gobgpAddress, "Established");
        await gobgp.AddEvpnRouteAsync(
            "macadv", "02:00:00:00:02:02", "0.0.0.0", "esi", "0", "etag", "0", "label", "100",
            "rd", "10.255.0.2:7", "rt", "65002:100", "encap", "vxlan", "nexthop", gobgpAddress);

        IReadOnlyList<FrrEvpnRoute> atFrr = await Poll.UntilAsync(
            () => frr.GetEvpnRoutesAsync("macip"),
            routes => routes.Any(r => r.Path.Mac == "02:00:00:00:02:02"),
            "FRR to receive GoBGP's type-2 route",
            describe: routes => string.Join("; ", routes));
        IReadOnlyList<GobgpEvpnRoute> atGobgp = await Poll.UntilAsync(
            () => gobgp.GetEvpnRibAsync(),
            routes => routes.Any(r => r.RouteType == 3 && r.Path.Nlri.Value.Ip == frrAddress),
            "GoBGP to receive FRR's type-3 route for VNI 100",
            describe: routes => string.Join("; ", routes));

        FrrEvpnRoute macRoute = atFrr.Single(r => r.Path.Mac == "02:00:00:00:02:02");
        GobgpEvpnRoute multicast = atGobgp.Single(r => r.RouteType == 3 && r.Path.Nlri.Value.Ip == frrAddress);
        Assert.Multiple(() =>
        {
            Assert.That(macRoute.Rd, Is.EqualTo("10.255.0.2:7"));
            Assert.That(macRoute.Nexthop, Is.EqualTo(gobgpAddress));
            Assert.That(macRoute.Path.ExtendedCommunity?.Items, Does.Contain("RT:65002:100").And.Contain("ET:8"));
            Assert.That(multicast.Path.Nlri.Value.Rd?.Admin, Is.EqualTo("10.255.0.1"), "FRR's auto RD is router-id:n");
            Assert.That(multicast.Path.ExtendedCommunities, Does.Contain("65001:100").And.Contain("encap:8"));
            Assert.That(multicast.Path.Nexthop, Is.EqualTo(frrAddress));
        });
    }

    [Test]
    public async Task FrrSendsBadPeerAsToAPeerWithTheWrongAs()
    {
        Netns frrNs = await Lab.AddNamespaceAsync("frr");
        Netns gobgpNs = await Lab.AddNamespaceAsync("gobgp");
        VethLink link = await Lab.ConnectAsync(frrNs, gobgpNs);
        string frrAddress = link.A.IPv4.ToString();
        string gobgpAddress = link.B.IPv4.ToString();

        FrrNode frr = Lab.AddFrr(frrNs, 65001, "10.255.0.1")
            .AddNeighbor(new FrrNeighborConfig(gobgpAddress, "65099"));
        GobgpNode gobgp = Lab.AddGobgp(gobgpNs, 65002, "10.255.0.2")
            .AddNeighbor(new GobgpNeighborConfig(frrAddress, 65001));
        await frr.StartAsync();
        await gobgp.StartAsync();

        FrrNeighbor atFrr = await frr.WaitForNeighborAsync(
            gobgpAddress, n => n.LastErrorCodeSubcode == "0202", "to have sent NOTIFICATION 2/2");
        GobgpNeighbor atGobgp = await gobgp.WaitForNeighborAsync(
            frrAddress, n => n.State.Messages.Received.Notification > 0, "to have received a NOTIFICATION");

        Assert.Multiple(() =>
        {
            Assert.That(atFrr.LastResetDueTo, Is.EqualTo("BGP Notification send"));
            Assert.That(atFrr.LastNotificationReason, Is.EqualTo("OPEN Message Error/Bad Peer AS"));
            Assert.That(atFrr.ConnectionsEstablished, Is.Zero);
            Assert.That(atGobgp.IsEstablished, Is.False);
        });
    }
}
