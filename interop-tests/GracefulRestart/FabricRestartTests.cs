using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Scenarios;

namespace Evpnd.Interop.Tests.GracefulRestart;

/// <summary>
/// Graceful Restart (RFC 4724) where evpnd is on both VTEPs, so nothing depends on FRR 8.4, which
/// is no helper for L2VPN/EVPN: h1a behind vtep1 pings h2a behind vtep2 every 50 ms while a
/// speaker restarts, and both kernels are polled for the other VTEP's flood entry and host MAC.
/// <code>
///   h1a --br100/vxlan100-- [vtep1 10.255.0.1] --iBGP, routed by rr-- [vtep2 10.255.0.2] --br100/vxlan100-- h2a
/// </code>
/// The same runs with FRR on both VTEPs are the baseline (printed, not asserted).
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed partial class FabricRestartTests : ScenarioTest
{
    private const int Vni = 100;
    private const string FloodMac = "00:00:00:00:00:00";
    private static readonly string[] s_frrGracefulRestart = ["bgp graceful-restart", "bgp graceful-restart preserve-fw-state"];

    /// <summary>Both VTEPs up, h1a and h2a known on both sides, the restarting side's speaker converged.</summary>
    private async Task<(ScenarioVtep Stays, ScenarioVtep Restarts, ScenarioHost From, ScenarioHost To)> StartPairAsync(FabricKind kind, VtepKind speakers)
    {
        ScenarioFabric fabric = await StartFabricAsync(kind,
            f =>
            {
                f.FrrVtepBgpConfig.AddRange(s_frrGracefulRestart);
                f.RouterBgpConfig.AddRange(s_frrGracefulRestart);
            },
            new VtepSpec(1, speakers, Vni), new VtepSpec(2, speakers, Vni));
        await fabric.PingAllPairsAsync();
        ScenarioHost h1 = fabric.Host("h1a");
        ScenarioHost h2 = fabric.Host("h2a");
        await fabric.WaitForRemoteMacAsync(fabric.Vtep(1), h2);
        await fabric.WaitForRemoteMacAsync(fabric.Vtep(2), h1);
        foreach (ScenarioVtep vtep in fabric.Vteps)
        {
            if (vtep.Evpnd is { } evpnd)
            {
                await WaitForConvergenceAsync(evpnd);
            }
        }

        return (fabric.Vtep(1), fabric.Vtep(2), h1, h2);
    }

    private static Task WaitForConvergenceAsync(EvpndNode evpnd) =>
        evpnd.Process!.WaitForLogLineAsync(line => line.Contains("initial convergence complete", StringComparison.Ordinal),
            $"{evpnd.Name}'s initial convergence", TimeSpan.FromSeconds(60));

    private static FdbWatch Watch(ScenarioVtep at, ScenarioVtep towards, ScenarioHost host) =>
        new(at.Namespace, ScenarioVtep.Vxlan(Vni), [(host.Mac, towards.Address), (FloodMac, towards.Address)]);

    private static string Describe(FdbWatch watch, string what) =>
        $"polled {watch.Polls} times: {(watch.Gaps.Count == 0 ? $"{what} never missing" : $"{watch.Gaps.Count} polls without {what}, first {watch.Gaps[0]}")}";

    /// <summary>Stops (SIGTERM) or kills (SIGKILL) a VTEP's speaker and starts it again with the configuration it had.</summary>
    private async Task RestartSpeakerAsync(ScenarioVtep vtep, bool kill)
    {
        if (vtep.Evpnd is { } evpnd)
        {
            if (kill)
            {
                evpnd.Process!.Kill();
                Assert.That(await evpnd.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)), Is.True, "evpnd gone after SIGKILL");
            }
            else
            {
                Assert.That(await evpnd.StopAsync(), Is.Zero, "evpnd exits 0 on SIGTERM");
            }
        }
        else
        {
            var frr = vtep.RequireFrr();
            if (kill)
            {
                frr.Bgpd!.Kill();
                Assert.That(await frr.Bgpd.WaitForExitAsync(TimeSpan.FromSeconds(10)), Is.True, "bgpd gone after SIGKILL");
            }
            else
            {
                await frr.StopBgpdAsync();
            }
        }

        if (vtep.Evpnd is not null)
        {
            await Fabric.StartSpeakerAsync(vtep);
        }
        else
        {
            await vtep.RequireFrr().StartBgpdAsync();
        }
    }

    [TestCase(VtepKind.Evpnd, false, TestName = "VtepRestart_EvpndOnBothVteps_SigTerm_NoPacketLost")]
    [TestCase(VtepKind.Evpnd, true, TestName = "VtepRestart_EvpndOnBothVteps_SigKill_NoPacketLost")]
    [TestCase(VtepKind.Frr, false, TestName = "VtepRestart_FrrOnBothVteps_SigTerm_Baseline")]
    [TestCase(VtepKind.Frr, true, TestName = "VtepRestart_FrrOnBothVteps_SigKill_Baseline")]
    public async Task VtepRestart_PeersDirectly(VtepKind speakers, bool kill)
    {
        var (stays, restarts, from, to) = await StartPairAsync(FabricKind.IbgpFullMesh, speakers);
        PingCount ping = await PingCount.StartAsync(Lab, from.Namespace, to.Address);
        await using FdbWatch staying = Watch(stays, restarts, to);
        await using FdbWatch restarting = Watch(restarts, stays, from);

        Stopwatch restart = Stopwatch.StartNew();
        await RestartSpeakerAsync(restarts, kill);
        await Fabric.WaitForSessionAsync(restarts, stays);
        await Fabric.WaitForSessionAsync(stays, restarts);
        if (restarts.Evpnd is { } evpnd)
        {
            await WaitForConvergenceAsync(evpnd);
            // The helper's stale copy of the restarting speaker's routes, swept at its End-of-RIB.
            EvpndNode helper = stays.RequireEvpnd();
            string peer = restarts.Uplink.IPv4.ToString();
            EvpndNeighbor swept = await helper.WaitForNeighborAsync(peer, n => n.GracefulRestart is { StaleRoutes: 0, HelperActive: false },
                $"{helper.Name} to end its helper role for {peer}", TimeSpan.FromSeconds(30));
            TestContext.Out.WriteLine($"{helper.Name} after the restart: {swept.GracefulRestart}");
        }

        string name = $"{speakers} on both VTEPs, {(kill ? "SIGKILL" : "SIGTERM")} on {restarts}";
        TestContext.Out.WriteLine($"{name}: down, up, sessions Established{(speakers == VtepKind.Evpnd ? " and converged" : "")} in {restart.ElapsedMilliseconds} ms");
        await ping.StopAfterAsync(20);
        TestContext.Out.WriteLine($"{from.Name} pinging {to.Name} every 50 ms across the restart ({name}): {ping.Describe()}");
        TestContext.Out.WriteLine($"{stays}'s kernel, {Describe(staying, $"{to.Name}'s MAC and {restarts.Address}'s flood entry")}");
        TestContext.Out.WriteLine($"{restarts}'s kernel, {Describe(restarting, $"{from.Name}'s MAC and {stays.Address}'s flood entry")}");
        TestContext.Out.WriteLine($"packets lost across a speaker restart, {name}: {ping.Lost}");
        if (speakers == VtepKind.Evpnd)
        {
            Assert.That(staying.Gaps, Is.Empty, $"{stays}'s evpnd, the helper, kept the restarting VTEP's flood entry and host MAC");
            Assert.That(restarting.Gaps, Is.Empty, $"{restarts}'s kernel kept its entries through its own speaker's restart");
            Assert.That(ping.Lost, Is.Zero, "no packet lost while evpnd restarted");
        }
    }

    [Test]
    public async Task RouteReflectorRestart_EvpndVtepsKeepEachOthersEntries_StaleSweptAfterItsEndOfRib()
    {
        var (one, two, from, to) = await StartPairAsync(FabricKind.IbgpRouteReflector, VtepKind.Evpnd);
        ScenarioVtep[] vteps = [one, two];
        var rr = Fabric.Router!;
        PingCount ping = await PingCount.StartAsync(Lab, from.Namespace, to.Address);
        await using FdbWatch atOne = Watch(one, two, to);
        await using FdbWatch atTwo = Watch(two, one, from);

        Stopwatch restart = Stopwatch.StartNew();
        rr.Bgpd!.Kill();
        Assert.That(await rr.Bgpd.WaitForExitAsync(TimeSpan.FromSeconds(10)), Is.True, "the route reflector's bgpd gone after SIGKILL");
        foreach (ScenarioVtep vtep in vteps)
        {
            EvpndNode evpnd = vtep.RequireEvpnd();
            string rrAddress = vtep.RouterSide.IPv4.ToString();
            EvpndNeighbor helping = await evpnd.WaitForNeighborAsync(rrAddress, n => n.GracefulRestart is { HelperActive: true },
                $"{evpnd.Name} to keep the route reflector's routes as its helper");
            Assert.That(helping.GracefulRestart!.StaleRoutes, Is.GreaterThan(0), $"{evpnd.Name} keeps the reflected routes, stale: {helping.GracefulRestart}");
            TestContext.Out.WriteLine($"{vtep} while the route reflector is down: {helping.GracefulRestart}");
            ScenarioHost other = vtep == one ? to : from;
            EvpndMac? mac = (await evpnd.ShowEvpnMacsAsync(Vni)).SingleOrDefault(m => m.Mac == other.Mac);
            Assert.That(mac, Is.Not.Null, $"{evpnd.Name} still knows {other.Name}'s MAC");
            Assert.That(mac!.Stale, Is.True, $"{evpnd.Name} shows {other.Name}'s MAC stale: {mac}");
            var text = await evpnd.CliAsync("show", "evpn", "macs");
            string line = text.Stdout.Split('\n').Single(l => l.StartsWith(other.Mac, StringComparison.OrdinalIgnoreCase));
            Assert.That(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], Does.Contain('G'), $"the text flags it stale: '{line}'");
        }

        await rr.StartBgpdAsync();
        foreach (ScenarioVtep vtep in vteps)
        {
            EvpndNode evpnd = vtep.RequireEvpnd();
            string rrAddress = vtep.RouterSide.IPv4.ToString();
            await evpnd.WaitForNeighborStateAsync(rrAddress, "Established");
            EvpndNeighbor swept = await evpnd.WaitForNeighborAsync(rrAddress, n => n.GracefulRestart is { StaleRoutes: 0, HelperActive: false },
                $"{evpnd.Name}'s stale routes from the route reflector swept at its End-of-RIB", TimeSpan.FromSeconds(60));
            TestContext.Out.WriteLine($"{vtep} after the route reflector's End-of-RIB: {swept.GracefulRestart}");
            int withdrawn = SweptRoutes(evpnd, rrAddress);
            Assert.That(withdrawn, Is.Zero, $"{evpnd.Name}: the route reflector sent every route again, so its End-of-RIB withdrew none");
            ScenarioHost other = vtep == one ? to : from;
            EvpndMac? mac = (await evpnd.ShowEvpnMacsAsync(Vni)).SingleOrDefault(m => m.Mac == other.Mac);
            Assert.That(mac is { Stale: false }, Is.True, $"{evpnd.Name} shows {other.Name}'s MAC, no longer stale: {mac}");
        }

        TestContext.Out.WriteLine($"route reflector's bgpd killed, back, End-of-RIB swept the stale routes, in {restart.ElapsedMilliseconds} ms");
        await ping.StopAfterAsync(20);
        TestContext.Out.WriteLine($"{from.Name} pinging {to.Name} every 50 ms across the route reflector's restart: {ping.Describe()}");
        TestContext.Out.WriteLine($"{one}'s kernel, {Describe(atOne, $"{to.Name}'s MAC and {two.Address}'s flood entry")}");
        TestContext.Out.WriteLine($"{two}'s kernel, {Describe(atTwo, $"{from.Name}'s MAC and {one.Address}'s flood entry")}");
        Assert.That(atOne.Gaps, Is.Empty, $"{one} kept {two}'s entries while the route reflector restarted");
        Assert.That(atTwo.Gaps, Is.Empty, $"{two} kept {one}'s entries while the route reflector restarted");
        Assert.That(ping.Lost, Is.Zero, "no packet lost while the route reflector restarted");
    }

    [TestCase(0, TestName = "LocalMacAfterEvpndRestart_SequenceZero_AdvertisedUnchanged")]
    [TestCase(1, TestName = "LocalMacAfterEvpndRestart_MovedOnce_AdvertisedWithTheSameSequence")]
    public async Task LocalMacAfterEvpndRestart_AdvertisedWithTheSameSequence(int moves)
    {
        ScenarioFabric fabric = await StartFabricAsync(FabricKind.IbgpFullMesh,
            f => f.FrrVtepBgpConfig.AddRange(s_frrGracefulRestart),
            new VtepSpec(1, VtepKind.Frr, Vni), new VtepSpec(2, VtepKind.Evpnd, Vni));
        await fabric.PingAllPairsAsync();
        ScenarioVtep frr = fabric.Vtep(1);
        ScenarioVtep evpndVtep = fabric.Vtep(2);
        EvpndNode evpnd = evpndVtep.RequireEvpnd();
        // moves 0: h2a has always been behind evpnd (sequence 0); moves 1: h1a moves from FRR's
        // VTEP to evpnd's (RFC 7432 s15: evpnd advertises sequence 1).
        ScenarioHost host = moves == 0 ? fabric.Host("h2a") : fabric.Host("h1a");
        ScenarioHost other = moves == 0 ? fabric.Host("h1a") : fabric.Host("h2a");
        if (moves > 0)
        {
            await fabric.MoveHostAsync(host, evpndVtep);
            await Poll.UntilAsync(() => host.PingAsync(other), ok => ok, $"{host} to reach {other} after its move");
        }

        MacView before = (await Poll.UntilAsync(() => MacView.GetAsync(frr, Vni, host.Mac), v => v is { Origin: "remote" } && v.Vtep == evpndVtep.Address,
            $"FRR to know {host.Name}'s MAC behind {evpndVtep.Address}", describe: v => v?.ToString() ?? "unknown"))!;
        Assert.That(before.Sequence, Is.EqualTo(moves), $"FRR's view of {host.Name}'s MAC before the restart");
        await WaitForConvergenceAsync(evpnd);

        Assert.That(await evpnd.StopAsync(), Is.Zero, "evpnd exits 0 on SIGTERM");
        // FRR 8.4 is no EVPN helper: it forgets evpnd's routes when the session drops.
        await Poll.UntilAsync(() => MacView.GetAsync(frr, Vni, host.Mac), v => v is not { Origin: "remote" },
            $"FRR to forget evpnd's route for {host.Name}'s MAC", describe: v => v?.ToString() ?? "unknown");
        await fabric.StartSpeakerAsync(evpndVtep);
        await fabric.WaitForSessionAsync(evpndVtep, frr);
        await WaitForConvergenceAsync(evpnd);
        // The bridge still holds the host's MAC; a frame refreshes it, as a host that talks does.
        Assert.That(await host.PingAsync(other), Is.True, $"{host} reaches {other} after the restart");
        MacView after = (await Poll.UntilAsync(() => MacView.GetAsync(frr, Vni, host.Mac), v => v is { Origin: "remote" } && v.Vtep == evpndVtep.Address,
            $"FRR to learn {host.Name}'s MAC from the restarted evpnd", describe: v => v?.ToString() ?? "unknown"))!;
        EvpndMac? own = (await evpnd.ShowEvpnMacsAsync(Vni)).SingleOrDefault(m => m.Mac == host.Mac);
        var duplicates = (await frr.RequireFrr().GetEvpnMacsAsync()).Where(m => m.IsDuplicate).ToList();
        TestContext.Out.WriteLine($"{host.Name}'s MAC (moved {moves} time(s)): FRR's view before the restart {before}, after {after}; evpnd's own: {own}");

        Assert.That(own?.Sequence, Is.EqualTo(moves), $"evpnd re-learned {host.Name}'s MAC with the sequence it had advertised");
        Assert.That(after.Sequence, Is.EqualTo(before.Sequence), "FRR sees the same sequence number after evpnd's restart, not one more");
        Assert.That(duplicates, Is.Empty, "FRR's duplicate address detection saw no move");
    }

    /// <summary>The routes withdrawn by the last sweep of <paramref name="peer"/>'s stale routes, from evpnd's log.</summary>
    private static int SweptRoutes(EvpndNode evpnd, string peer)
    {
        string? line = evpnd.Process!.LogLines.LastOrDefault(l => l.Contains($"RIB: {peer} ended re-advertising", StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, $"{evpnd.Name} logged the sweep of {peer}'s stale routes");
        Match m = SweepPattern().Match(line!);
        Assert.That(m.Success, Is.True, $"a sweep line names its count: '{line}'");
        return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(\d+) stale routes withdrawn")]
    private static partial Regex SweepPattern();
}
