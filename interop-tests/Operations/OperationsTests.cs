using System.Text.Json;
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
                 s["evpnd_kernel_install_latency_seconds_count{}"] >= 1 &&
                 s[$"evpnd_bgp_messages_received_total{{peer=\"{peer}\",type=\"update\"}}"] == atFrr.MessageStats.UpdatesSent &&
                 s[$"evpnd_bgp_messages_sent_total{{peer=\"{peer}\",type=\"update\"}}"] == atFrr.MessageStats.UpdatesRecv,
            "evpnd's metrics to show FRR's MAC and the UPDATEs FRR counted",
            describe: s => s.Text);
        IReadOnlyList<FrrEvpnRoute> frrOwn = (await lab.Frr.GetEvpnRoutesAsync()).Where(r => r.Path.PeerId == "(unspec)").ToList();
        CommandResult flood = (await lab.Evpnd.CliAsync("show", "evpn", "flood", "--json")).EnsureSuccess();
        IReadOnlyList<FdbEntry> installed = (await lab.EvpndNs.GetFdbAsync(Vxlan)).Where(e => e.Dst == FrrVtep && e.Flags.Contains("extern_learn")).ToList();

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
            Assert.That(installed.Select(e => e.Mac), Is.EqualTo(new[] { FrrHostMac }), "the kernel holds FRR's MAC");
            Assert.That(scrape["evpnd_kernel_install_latency_seconds_count{}"], Is.EqualTo(installed.Count), "one latency sample per remote MAC installed from FRR");
            Assert.That(scrape["evpnd_kernel_install_latency_seconds_bucket{le=\"+Inf\"}"], Is.EqualTo(installed.Count));
            Assert.That(scrape["evpnd_kernel_install_latency_seconds_sum{}"], Is.GreaterThan(0));
            Assert.That(scrape[$"evpnd_kernel_entries{{kind=\"mac\",vni=\"{Vni}\"}}"], Is.EqualTo(installed.Count), "owned remote MACs");
            Assert.That(scrape[$"evpnd_kernel_entries{{kind=\"flood\",vni=\"{Vni}\"}}"], Is.EqualTo(1), "FRR's VTEP in the flood list");
            Assert.That(flood.Stdout, Does.Contain($"\"vni\": {Vni}").And.Contain("\"flooding\": \"head-end-replication\"")
                .And.Contain($"\"floodVteps\": [\n        \"{FrrVtep}\""), "show evpn flood: FRR's VTEP gets VNI 100's BUM traffic");
        });
    }

    [Test]
    public async Task ShowKernelListsFrrsMacAsInstalledAndAgreesWithTheKernelAfterAHandDeletion()
    {
        FrrEvpndVteps lab = await FrrEvpndVteps.CreateAsync(Lab);
        await lab.StartAsync();
        await lab.WaitForFrrHostRouteAsync();

        JsonElement vni = await Poll.UntilAsync(
            () => ShowKernelAsync(lab),
            v => Entry(v, "mac", FrrHostMac) is { } e && e.GetProperty("state").GetString() == "installed",
            "show kernel to list FRR's host MAC as installed",
            describe: v => v.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(vni.GetProperty("device").GetString(), Is.EqualTo(Vxlan));
            Assert.That(vni.GetProperty("bridge").GetString(), Is.EqualTo(Bridge));
            Assert.That(Entry(vni, "mac", FrrHostMac)!.Value.GetProperty("address").GetString(), Is.EqualTo(FrrVtep), "behind FRR's VTEP");
            Assert.That(Entry(vni, "flood", null)!.Value.GetProperty("address").GetString(), Is.EqualTo(FrrVtep), "FRR's VTEP gets the BUM traffic");
            Assert.That(vni.GetProperty("owned").GetProperty("macs").GetInt32(), Is.EqualTo(vni.GetProperty("wanted").GetProperty("macs").GetInt32()));
        });

        // Behind evpnd's back: both halves of the remote MAC go. evpnd hears of it and puts it back.
        await lab.EvpndNs.ExecAsync("bridge", "fdb", "del", FrrHostMac, "dev", Vxlan, "master");
        await lab.EvpndNs.ExecAsync("bridge", "fdb", "del", FrrHostMac, "dev", Vxlan, "self");
        await Poll.UntilAsync(
            () => lab.EvpndNs.GetFdbAsync(Vxlan),
            fdb => fdb.Any(e => e.Mac == FrrHostMac && e.Dst == FrrVtep && e.Flags.Contains("extern_learn")),
            "evpnd to put the hand-deleted remote MAC back",
            describe: fdb => string.Join("; ", fdb));
        JsonElement repaired = await Poll.UntilAsync(
            () => ShowKernelAsync(lab),
            v => v.GetProperty("drift").GetProperty("total").GetInt32() == 0,
            "show kernel to report no drift once the MAC is back",
            describe: v => v.ToString());
        CommandResult text = (await lab.Evpnd.CliAsync("show", "kernel")).EnsureSuccess();

        Assert.Multiple(() =>
        {
            Assert.That(Entry(repaired, "mac", FrrHostMac)!.Value.GetProperty("state").GetString(), Is.EqualTo("installed"));
            Assert.That(text.Stdout, Does.Match($@"\n{Vni}\s+{Vxlan}\s+{Bridge}\s+1/1\s+\d+/\d+\s+\d+/\d+\s+none\n"), "the summary line of VNI 100");
        });
    }

    private static async Task<JsonElement> ShowKernelAsync(FrrEvpndVteps lab)
    {
        CommandResult result = (await lab.Evpnd.CliAsync("show", "kernel", "--vni", $"{Vni}", "--json")).EnsureSuccess();
        return JsonDocument.Parse(result.Stdout).RootElement.GetProperty("vnis")[0].Clone();
    }

    private static JsonElement? Entry(JsonElement vni, string type, string? mac)
    {
        foreach (JsonElement e in vni.GetProperty("entries").EnumerateArray())
        {
            if (e.GetProperty("type").GetString() == type && (mac is null || e.GetProperty("mac").GetString() == mac))
            {
                return e;
            }
        }
        return null;
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
