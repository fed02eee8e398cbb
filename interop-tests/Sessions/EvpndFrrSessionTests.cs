using System.Net.Sockets;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using static Evpnd.Interop.Tests.Sessions.Speakers;

namespace Evpnd.Interop.Tests.Sessions;

/// <summary>evpnd and FRR bgpd reach Established with L2VPN/EVPN, eBGP and iBGP, IPv4 and IPv6, either side connecting.</summary>
[TestFixture]
[Category("Interop")]
public sealed class EvpndFrrSessionTests : InteropTest
{
    [Test]
    public async Task EbgpEvpndConnectsToListeningFrr()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(EvpndAs)) { Passive = true });
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(FrrAs)));
        await frr.StartAsync();
        await evpnd.StartAsync();

        EvpndNeighbor atEvpnd = await evpnd.WaitForNeighborStateAsync(frrAddress, "Established");
        FrrNeighbor atFrr = await frr.WaitForNeighborStateAsync(evpndAddress, "Established");
        FrrSummary evpnSummary = await frr.GetEvpnSummaryAsync();
        IReadOnlyList<TcpConnection> connections = await evpndNs.GetTcpConnectionsAsync(179);

        Assert.Multiple(() =>
        {
            Assert.That(atEvpnd.Families, Does.Contain(EvpnFamily), "evpnd: negotiated families");
            Assert.That(atEvpnd.PeerAs, Is.EqualTo(FrrAs), "evpnd: the AS in FRR's OPEN");
            Assert.That(atEvpnd.LocalAs, Is.EqualTo(EvpndAs));
            Assert.That(atFrr.EvpnNegotiated, Is.True, $"FRR: l2vpn evpn advertised and received ({atFrr})");
            Assert.That(atFrr.RemoteAs, Is.EqualTo(EvpndAs));
            Assert.That(atFrr.RemoteRouterId, Is.EqualTo(EvpndRouterId), "FRR: evpnd's BGP identifier");
            Assert.That(evpnSummary.FindPeer(evpndAddress)?.State, Is.EqualTo("Established"), "FRR: show bgp l2vpn evpn summary");
            // FRR is passive, so the only session is the one evpnd opened towards FRR's port 179.
            Assert.That(connections.Select(c => c.Remote.Port), Is.EqualTo(new[] { 179 }), "evpnd connected to FRR");
        });
    }

    [Test]
    public async Task IbgpFrrConnectsToPassiveEvpnd()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, "internal"));
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, FrrAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, "internal") { Passive = true });
        await evpnd.StartAsync();
        await frr.StartAsync();

        EvpndNeighbor atEvpnd = await evpnd.WaitForNeighborStateAsync(frrAddress, "Established");
        FrrNeighbor atFrr = await frr.WaitForNeighborStateAsync(evpndAddress, "Established");
        FrrSummary evpnSummary = await frr.GetEvpnSummaryAsync();
        IReadOnlyList<TcpConnection> connections = await evpndNs.GetTcpConnectionsAsync(179);

        Assert.Multiple(() =>
        {
            Assert.That(atEvpnd.Families, Does.Contain(EvpnFamily), "evpnd: negotiated families");
            Assert.That(atEvpnd.RemoteAs, Is.EqualTo("internal"), "evpnd: configured remote-as");
            Assert.That(atEvpnd.PeerAs, Is.EqualTo(FrrAs), "evpnd: the AS in FRR's OPEN");
            Assert.That(atEvpnd.Passive, Is.True);
            Assert.That(atFrr.EvpnNegotiated, Is.True, $"FRR: l2vpn evpn advertised and received ({atFrr})");
            Assert.That(atFrr.RemoteAs, Is.EqualTo(atFrr.LocalAs), "FRR sees an iBGP peer");
            Assert.That(evpnSummary.FindPeer(evpndAddress)?.State, Is.EqualTo("Established"), "FRR: show bgp l2vpn evpn summary");
            // evpnd is passive, so the only session is the one FRR opened to evpnd's port 179.
            Assert.That(connections.Select(c => c.Local.Port), Is.EqualTo(new[] { 179 }), "FRR connected to evpnd");
        });
    }

    [Test]
    public async Task EbgpOverIpv6Transport()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv6.ToString();
        string evpndAddress = link.B.IPv6.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(EvpndAs)));
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(FrrAs)));
        await frr.StartAsync();
        await evpnd.StartAsync();

        EvpndNeighbor atEvpnd = await evpnd.WaitForNeighborStateAsync(frrAddress, "Established");
        FrrNeighbor atFrr = await frr.WaitForNeighborStateAsync(evpndAddress, "Established");
        IReadOnlyList<TcpConnection> connections = await evpndNs.GetTcpConnectionsAsync(179);

        Assert.Multiple(() =>
        {
            Assert.That(atEvpnd.Families, Does.Contain(EvpnFamily), "evpnd: negotiated families");
            Assert.That(atFrr.EvpnNegotiated, Is.True, $"FRR: l2vpn evpn advertised and received ({atFrr})");
            Assert.That(connections, Has.Count.EqualTo(1), "one BGP session after collision resolution");
            Assert.That(connections.Select(c => c.Remote.Address.AddressFamily), Is.All.EqualTo(AddressFamily.InterNetworkV6),
                "the session runs over IPv6");
        });
    }

    [Test]
    public async Task EbgpWithFourOctetAsNumbersOnBothSides()
    {
        // Both above 65535: each OPEN carries AS_TRANS (23456) in My AS and the real AS in the
        // 4-octet AS capability (RFC 6793 s4.1), which both sides must use for the peer-AS check.
        const uint frrAs = 4200000001;
        const uint evpndAs = 4200000002;
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, frrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(evpndAs)));
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, evpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(frrAs)));
        await frr.StartAsync();
        await evpnd.StartAsync();

        EvpndNeighbor atEvpnd = await evpnd.WaitForNeighborStateAsync(frrAddress, "Established");
        FrrNeighbor atFrr = await frr.WaitForNeighborStateAsync(evpndAddress, "Established");

        Assert.Multiple(() =>
        {
            Assert.That(atEvpnd.PeerAs, Is.EqualTo(frrAs), "evpnd: FRR's 4-octet AS");
            Assert.That(atEvpnd.LocalAs, Is.EqualTo(evpndAs));
            Assert.That(atEvpnd.Families, Does.Contain(EvpnFamily));
            Assert.That(atFrr.RemoteAs, Is.EqualTo(evpndAs), "FRR: evpnd's 4-octet AS");
            Assert.That(atFrr.NeighborCapabilities?.FourOctetAs, Is.EqualTo("advertisedAndReceived"));
            Assert.That(atFrr.EvpnNegotiated, Is.True, $"FRR: l2vpn evpn advertised and received ({atFrr})");
        });
    }

    [Test]
    public async Task StoppingEvpndSendsCeaseAndExitsZero()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(EvpndAs)));
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(FrrAs)));
        // With graceful restart (the default) a stop closes without a Cease so that FRR keeps our
        // routes (interop-tests/GracefulRestart); without it, SIGTERM sends the Cease.
        evpnd.ExtraYaml = "graceful-restart: false\n";
        await frr.StartAsync();
        await evpnd.StartAsync();
        await evpnd.WaitForNeighborStateAsync(frrAddress, "Established");
        await frr.WaitForNeighborStateAsync(evpndAddress, "Established");

        int exitCode = await evpnd.StopAsync();
        FrrNeighbor atFrr = await frr.WaitForNeighborAsync(
            evpndAddress,
            n => !n.IsEstablished && n.LastResetDueTo == "BGP Notification received",
            "reset by a NOTIFICATION from evpnd");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, "evpnd's exit code after SIGTERM");
            Assert.That(atFrr.LastErrorCodeSubcode, Does.StartWith("06"), $"FRR received a Cease ({atFrr.LastNotificationReason})");
        });
    }
}
