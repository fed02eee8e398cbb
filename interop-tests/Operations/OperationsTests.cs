using Evpnd.Interop.Tests.Evpn;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;
using static Evpnd.Interop.Tests.Evpn.EvpnLabPlan;

namespace Evpnd.Interop.Tests.Operations;

/// <summary>
/// What an operator runs against a daemon with a real FRR VTEP on the other side: the metrics
/// endpoint against what FRR counts, `show evpn flood`, and `clear neighbor` hard and soft as
/// FRR sees them.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class OperationsTests : InteropTest
{
    private const int MetricsPort = 9179;

    [Test]
    public async Task MetricsAndFloodListFollowTheSessionAndFrrsRoutes()
    {
        FrrEvpndVteps lab = await FrrEvpndVteps.CreateAsync(Lab, staticMacs: StaticMac);
        lab.Evpnd.ExtraYaml += $"\nmetrics: {{ address: 127.0.0.1, port: {MetricsPort} }}";
        await lab.StartAsync();
        await lab.WaitForFrrHostRouteAsync();
        string peer = lab.FrrPeerAddress;

        // Converged: evpnd has FRR's host MAC, and neither side has UPDATEs still on the way.
        MetricsScrape scrape = null!;
        FrrNeighbor atFrr = null!;
        await Poll.UntilAsync(
            async () =>
            {
                atFrr = await lab.Frr.GetNeighborAsync(lab.EvpndPeerAddress);
                scrape = await MetricsScrape.GetAsync(lab.EvpndNs, MetricsPort);
                return scrape;
            },
            s => s[$"evpnd_evpn_macs{{origin=\"remote\",vni=\"{Vni}\"}}"] == 1 &&
                 s[$"evpnd_bgp_messages_received_total{{peer=\"{peer}\",type=\"update\"}}"] == atFrr.MessageStats.UpdatesSent &&
                 s[$"evpnd_bgp_messages_sent_total{{peer=\"{peer}\",type=\"update\"}}"] == atFrr.MessageStats.UpdatesRecv,
            "evpnd's metrics to show FRR's MAC and the UPDATEs FRR counted",
            describe: s => s.Text);
        IReadOnlyList<FrrEvpnRoute> frrOwn = (await lab.Frr.GetEvpnRoutesAsync()).Where(r => r.Path.PeerId == "(unspec)").ToList();
        CommandResult flood = (await lab.Evpnd.CliAsync("show", "evpn", "flood", "--json")).EnsureSuccess();

        Assert.Multiple(() =>
        {
            Assert.That(scrape["evpnd_bgp_sessions{state=\"Established\"}"], Is.EqualTo(1));
            Assert.That(scrape[$"evpnd_bgp_session_up{{peer=\"{peer}\"}}"], Is.EqualTo(1));
            Assert.That(scrape[$"evpnd_bgp_messages_received_total{{peer=\"{peer}\",type=\"open\"}}"], Is.EqualTo(atFrr.MessageStats.OpensSent));
            Assert.That(scrape[$"evpnd_evpn_routes{{origin=\"imported\",peer=\"{peer}\",type=\"2\",vni=\"{Vni}\"}}"],
                Is.EqualTo(frrOwn.Count(r => r.Path.RouteType == 2)), "type-2 routes from FRR: as many as FRR originates");
            Assert.That(scrape[$"evpnd_evpn_routes{{origin=\"imported\",peer=\"{peer}\",type=\"3\",vni=\"{Vni}\"}}"], Is.EqualTo(1), "FRR's type-3");
            Assert.That(scrape[$"evpnd_evpn_routes{{origin=\"local\",peer=\"\",type=\"2\",vni=\"{Vni}\"}}"], Is.EqualTo(1), "our static MAC");
            Assert.That(scrape[$"evpnd_evpn_macs{{origin=\"local\",vni=\"{Vni}\"}}"], Is.EqualTo(1));
            Assert.That(scrape[$"evpnd_evpn_remote_vteps{{vni=\"{Vni}\"}}"], Is.EqualTo(1));
            Assert.That(scrape["evpnd_kernel_resyncs_total{reason=\"start\"}"], Is.EqualTo(1));
            Assert.That(flood.Stdout, Does.Contain($"\"vni\": {Vni}").And.Contain("\"flooding\": \"head-end-replication\"")
                .And.Contain($"\"floodVteps\": [\n        \"{FrrVtep}\""), "show evpn flood: FRR's VTEP gets VNI 100's BUM traffic");
        });
    }

    [Test]
    public async Task ClearNeighborHardResetsTheSession_SoftRefreshesItWithoutAReset()
    {
        FrrEvpndVteps lab = await FrrEvpndVteps.CreateAsync(Lab);
        await lab.StartAsync();
        FrrNeighbor before = await lab.Frr.GetNeighborAsync(lab.EvpndPeerAddress);
        int transitionsBefore = (await lab.Evpnd.GetNeighborAsync(lab.FrrPeerAddress)).EstablishedTransitions;

        CommandResult soft = (await lab.Evpnd.CliAsync("clear", "neighbor", lab.FrrPeerAddress, "--soft")).EnsureSuccess();
        FrrNeighbor refreshed = await lab.Frr.WaitForNeighborAsync(lab.EvpndPeerAddress,
            n => n.MessageStats.RouteRefreshRecv > before.MessageStats.RouteRefreshRecv, "to receive a ROUTE-REFRESH");

        Assert.Multiple(() =>
        {
            Assert.That(soft.Stdout, Does.Contain("soft reset"));
            Assert.That(refreshed.IsEstablished, Is.True);
            Assert.That(refreshed.ConnectionsEstablished, Is.EqualTo(before.ConnectionsEstablished), "the soft clear kept the session");
        });

        CommandResult hard = (await lab.Evpnd.CliAsync("clear", "neighbor", lab.FrrPeerAddress)).EnsureSuccess();
        FrrNeighbor reset = await lab.Frr.WaitForNeighborAsync(lab.EvpndPeerAddress,
            n => n.IsEstablished && n.ConnectionsEstablished == before.ConnectionsEstablished + 1, "to be Established again after the reset");
        EvpndNeighbor atEvpnd = await lab.Evpnd.GetNeighborAsync(lab.FrrPeerAddress);
        CommandResult unknown = await lab.Evpnd.CliAsync("clear", "neighbor", "192.0.2.77");

        Assert.Multiple(() =>
        {
            Assert.That(hard.Stdout, Does.Contain("Cease 6/4"));
            // FRR overwrites its last-reset reason when the session comes back; its counters stay.
            // (A connection collision as both sides reconnect may add a 6/7.)
            Assert.That(reset.MessageStats.NotificationsRecv, Is.GreaterThan(before.MessageStats.NotificationsRecv), $"FRR received the NOTIFICATION ({reset})");
            Assert.That(reset.ConnectionsDropped, Is.EqualTo(before.ConnectionsDropped + 1));
            // FRR announces the N bit (RFC 8538), so the 6/4 travels inside a Hard Reset: FRR flushes our routes.
            Assert.That(atEvpnd.LastNotificationSent, Does.StartWith("6/9 (Cease/Hard Reset"));
            Assert.That(atEvpnd.EstablishedTransitions, Is.GreaterThan(transitionsBefore), "evpnd's counters carried over the reset");
            Assert.That(unknown.ExitCode, Is.EqualTo(1));
            Assert.That(unknown.Stderr, Is.EqualTo("evpnd: no neighbor 192.0.2.77 is configured\n"));
        });
    }
}
