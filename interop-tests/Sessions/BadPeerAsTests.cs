using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using static Evpnd.Interop.Tests.Sessions.Speakers;

namespace Evpnd.Interop.Tests.Sessions;

/// <summary>
/// A peer that announces an AS other than the configured one gets NOTIFICATION 2/2 (RFC 4271
/// s6.2, Bad Peer AS), whichever side holds the wrong configuration, and both sides show it.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class BadPeerAsTests : InteropTest
{
    private const string BadPeerAsCode = "0202";
    private const string BadPeerAsReason = "OPEN Message Error/Bad Peer AS";

    [Test]
    public async Task FrrExpectingAnotherAsSendsBadPeerAsToEvpnd()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(WrongAs)));
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(FrrAs)));
        await frr.StartAsync();
        await evpnd.StartAsync();

        FrrNeighbor atFrr = await frr.WaitForNeighborAsync(
            evpndAddress, n => n.LastErrorCodeSubcode == BadPeerAsCode, "to have sent NOTIFICATION 2/2");
        EvpndNeighbor atEvpnd = await evpnd.WaitForNeighborAsync(
            frrAddress, n => n.LastNotificationReceived is not null, "to have received a NOTIFICATION");

        Assert.Multiple(() =>
        {
            Assert.That(atFrr.LastResetDueTo, Is.EqualTo("BGP Notification send"), "FRR's last reset reason");
            Assert.That(atFrr.LastNotificationReason, Is.EqualTo(BadPeerAsReason));
            Assert.That(atEvpnd.LastNotificationReceived, Does.StartWith("2/2"), "evpnd: lastNotificationReceived");
            Assert.That(atEvpnd.MessagesIn.Notification, Is.GreaterThan(0), "evpnd counted the NOTIFICATION");
            Assert.That(atFrr.ConnectionsEstablished, Is.Zero, "FRR never reached Established");
            Assert.That(atEvpnd.EstablishedTransitions, Is.Zero, "evpnd never reached Established");
        });
    }

    [Test]
    public async Task EvpndExpectingAnotherAsSendsBadPeerAsToFrr()
    {
        (Netns frrNs, Netns evpndNs, VethLink link) = await CreatePairAsync("frr");
        string frrAddress = link.A.IPv4.ToString();
        string evpndAddress = link.B.IPv4.ToString();
        FrrNode frr = Lab.AddFrr(frrNs, FrrAs, FrrRouterId)
            .AddNeighbor(new FrrNeighborConfig(evpndAddress, AsText(EvpndAs)));
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, EvpndRouterId)
            .AddNeighbor(new EvpndNeighborConfig(frrAddress, AsText(WrongAs)));
        await frr.StartAsync();
        await evpnd.StartAsync();

        FrrNeighbor atFrr = await frr.WaitForNeighborAsync(
            evpndAddress,
            n => n.LastResetDueTo == "BGP Notification received",
            "to have been reset by a NOTIFICATION from evpnd");
        EvpndNeighbor atEvpnd = await evpnd.WaitForNeighborAsync(
            frrAddress, n => n.LastNotificationSent is not null, "to have sent a NOTIFICATION");

        Assert.Multiple(() =>
        {
            Assert.That(atFrr.LastErrorCodeSubcode, Is.EqualTo(BadPeerAsCode), "FRR: code/subcode received");
            Assert.That(atFrr.LastNotificationReason, Is.EqualTo(BadPeerAsReason));
            Assert.That(atFrr.MessageStats.NotificationsRecv, Is.GreaterThan(0));
            Assert.That(atEvpnd.LastNotificationSent, Does.StartWith("2/2"), "evpnd: lastNotificationSent");
            Assert.That(atEvpnd.PeerAs, Is.EqualTo(FrrAs), "evpnd: the AS FRR announced");
            Assert.That(atFrr.ConnectionsEstablished, Is.Zero, "FRR never reached Established");
            Assert.That(atEvpnd.EstablishedTransitions, Is.Zero, "evpnd never reached Established");
        });
    }
}
