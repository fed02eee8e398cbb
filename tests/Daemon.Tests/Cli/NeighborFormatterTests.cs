using Evpnd.Bgp.Session;
using Evpnd.Daemon.Cli;

namespace Evpnd.Daemon.Tests.Cli;

public sealed class NeighborFormatterTests
{
    [TestCase(0L, "00:00:00")]
    [TestCase(3725L, "01:02:05")]
    [TestCase(90061L, "1d01h01m")]
    [TestCase(694800L, "1w1d01h")]
    public void UpDownLooksLikeFrr(long seconds, string text)
    {
        Assert.That(NeighborFormatter.Duration(seconds), Is.EqualTo(text));
    }

    [Test]
    public void NeverUp()
    {
        Assert.That(NeighborFormatter.Duration(null), Is.EqualTo("never"));
    }

    [Test]
    public void SummaryHasOneRowPerNeighborWithCounters()
    {
        var summary = new NeighborSummary("10.255.0.2", 65002,
        [
            Neighbor("10.0.0.1", "Established", 65001, 5, 7, ["l2vpn-evpn"]),
            Neighbor("fd00::1", "Active", null, 0, 0, []),
        ]);

        var lines = NeighborFormatter.Summary(summary).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines[0], Is.EqualTo("BGP router identifier 10.255.0.2, local AS number 65002"));
        Assert.That(lines[1], Is.EqualTo("Neighbors: 2, established: 1"));
        Assert.That(lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Is.EqualTo(new[] { "10.0.0.1", "65001", "Established", "00:00:42", "5", "7", "l2vpn-evpn", "spine" }));
        Assert.That(lines[4].Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Is.EqualTo(new[] { "fd00::1", "external", "Active", "00:00:42", "0", "0", "-", "spine" }));
    }

    [Test]
    public void DetailShowsTheLastNotification()
    {
        var n = Neighbor("10.0.0.1", "Active", null, 1, 1, []) with
        {
            LastNotificationSent = "2/2 (OPEN Message Error/Bad Peer AS)",
        };

        var text = NeighborFormatter.Detail(n);

        Assert.That(text, Does.Contain("Last NOTIFICATION sent:     2/2 (OPEN Message Error/Bad Peer AS)"));
        Assert.That(text, Does.Contain("external link"));
    }

    [Test]
    public void DetailShowsSessionSecurity_NeverThePassword()
    {
        var n = Neighbor("10.0.0.1", "Established", 65001, 1, 1, ["l2vpn-evpn"]) with
        {
            PasswordSet = true,
            TtlSecurityHops = 1,
            GtsmRefusals = 2,
            MaximumPrefix = new MaximumPrefixStatus { Limit = 1000, WarningThreshold = 75, Accepted = 812, State = "warning" },
        };

        var text = NeighborFormatter.Detail(n);

        Assert.That(text, Does.Contain("Password:                   set\n"));
        Assert.That(text, Does.Contain("TTL security:               1 hop(s): sends with TTL 255, accepts TTL 255 or more; 2 connection(s) refused\n"));
        Assert.That(text, Does.Contain("Maximum prefix:             1000 (warning at 75%), accepted 812, warning\n"));
    }

    [Test]
    public void DetailShowsASessionHeldDownForMaximumPrefix()
    {
        var n = Neighbor("10.0.0.1", "Idle", 65001, 1, 1, []) with
        {
            MaximumPrefix = new MaximumPrefixStatus { Limit = 10, WarningThreshold = 75, State = "exceeded" },
        };

        Assert.That(NeighborFormatter.Detail(n), Does.Contain("Maximum prefix:             10 (warning at 75%), exceeded: session down until `evpnd clear neighbor`\n"));
    }

    [Test]
    public void DetailShowsTheRoutesPendingAndTheSendQueue()
    {
        var n = Neighbor("10.0.0.1", "Established", 65001, 1, 1, ["l2vpn-evpn"]) with { PendingRoutes = 189123, SendQueueBytes = 262280 };

        var text = NeighborFormatter.Detail(n);

        Assert.That(text, Does.Contain("Routes pending:             189123"));
        Assert.That(text, Does.Contain("Send queue:                 262280 bytes"));
    }

    private static NeighborStatus Neighbor(string address, string state, uint? peerAs, long keepalivesIn, long keepalivesOut, string[] families) => new()
    {
        Address = address,
        Description = "spine",
        RemoteAs = "external",
        PeerAs = peerAs,
        LocalAs = 65002,
        State = state,
        UptimeSeconds = 42,
        Families = [.. families],
        MessagesIn = new MessageCounters { Keepalive = keepalivesIn },
        MessagesOut = new MessageCounters { Keepalive = keepalivesOut },
    };
}
