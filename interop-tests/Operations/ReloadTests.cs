using System.Globalization;
using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;
using Evpnd.Interop.Tests.Harness.Frr;

namespace Evpnd.Interop.Tests.Operations;

/// <summary>
/// `evpnd reload` with real FRR peers: evpnd starts with FRR 1 and FRR 2 and a static VNI; the
/// reload removes FRR 2, adds FRR 3 and changes the VNI's export route target. FRR 1's session
/// must not notice (FRR's own Established timer and connection count), FRR 2 gets Cease 6/3,
/// FRR 3 comes up, FRR 1 sees the route with the new RT; a broken file changes nothing.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class ReloadTests : InteropTest
{
    private const uint EvpndAs = 65002;
    private const string StaticMac = "02:00:00:00:01:01";

    [Test]
    public async Task ReloadAddsAndRemovesNeighbors_ChangesAnRt_TheUnchangedSessionKeepsCounting()
    {
        Netns evpndNs = await Lab.AddNamespaceAsync("evpnd");
        List<(FrrNode Frr, string FrrAddress, string EvpndAddress)> peers = [];
        for (int i = 1; i <= 3; i++)
        {
            Netns ns = await Lab.AddNamespaceAsync($"frr{i}");
            VethLink link = await Lab.ConnectAsync(ns, evpndNs);
            FrrNode frr = Lab.AddFrr(ns, (uint)(65010 + i), $"10.255.0.1{i}")
                .AddNeighbor(new FrrNeighborConfig(link.B.IPv4.ToString(), EvpndAs.ToString(CultureInfo.InvariantCulture)));
            peers.Add((frr, link.A.IPv4.ToString(), link.B.IPv4.ToString()));
        }
        var (frr1, frr1Address, evpndAt1) = peers[0];
        var (frr2, frr2Address, evpndAt2) = peers[1];
        var (frr3, frr3Address, evpndAt3) = peers[2];
        EvpndNode evpnd = Lab.AddEvpnd(evpndNs, EvpndAs, "10.255.0.2")
            .AddNeighbor(new EvpndNeighborConfig(frr1Address, "65011"))
            .AddNeighbor(new EvpndNeighborConfig(frr2Address, "65012"));
        evpnd.ExtraYaml = EvpnYaml(evpndNs, "65002:100");
        foreach (var peer in peers)
        {
            await peer.Frr.StartAsync();
        }
        await evpnd.StartAsync();
        await frr1.WaitForNeighborStateAsync(evpndAt1, "Established");
        await frr2.WaitForNeighborStateAsync(evpndAt2, "Established");
        await WaitForRouteTargetAsync(frr1, "RT:65002:100");
        // FRR counts its Established time in whole seconds: let it reach 2 s, so that a reset
        // (back to 0) cannot hide in the same second as the reload.
        FrrNeighbor before = await frr1.WaitForNeighborAsync(evpndAt1, n => n.IsEstablished && n.BgpTimerUpMsec >= 2000,
            "Established for 2 s");
        int transitionsBefore = (await evpnd.GetNeighborAsync(frr1Address)).EstablishedTransitions;

        evpnd.Neighbors.RemoveAt(1);
        evpnd.AddNeighbor(new EvpndNeighborConfig(frr3Address, "65013"));
        evpnd.ExtraYaml = EvpnYaml(evpndNs, "65002:999");
        CommandResult reload = (await evpnd.ReloadAsync()).EnsureSuccess();

        FrrNeighbor removed = await frr2.WaitForNeighborAsync(evpndAt2, n => !n.IsEstablished && n.LastErrorCodeSubcode is not null,
            "reset by a NOTIFICATION from evpnd");
        await frr3.WaitForNeighborStateAsync(evpndAt3, "Established");
        await WaitForRouteTargetAsync(frr1, "RT:65002:999");
        FrrNeighbor after = await frr1.GetNeighborAsync(evpndAt1);
        EvpndNeighbor atEvpnd = await evpnd.GetNeighborAsync(frr1Address);

        Assert.Multiple(() =>
        {
            Assert.That(reload.Stdout, Does.Contain($"added {frr3Address}").And.Contain($"removed {frr2Address}").And.Contain("1 unchanged"));
            Assert.That(removed.LastErrorCodeSubcode, Is.EqualTo("0603"), $"FRR 2 got Cease/Peer De-configured ({removed.LastNotificationReason})");
            Assert.That(after.IsEstablished, Is.True, "FRR 1's session is still up");
            Assert.That(after.ConnectionsEstablished, Is.EqualTo(before.ConnectionsEstablished), "FRR 1 saw no new connection");
            Assert.That(after.ConnectionsDropped, Is.EqualTo(before.ConnectionsDropped), "FRR 1 saw no drop");
            Assert.That(after.BgpTimerUpMsec, Is.GreaterThanOrEqualTo(before.BgpTimerUpMsec), "FRR 1's Established time was not reset");
            Assert.That(atEvpnd.EstablishedTransitions, Is.EqualTo(transitionsBefore), "evpnd did not reset FRR 1's session");
            Assert.That(atEvpnd.State, Is.EqualTo("Established"));
        });

        // A broken file: refused with its position, and nothing changes.
        evpnd.ExtraYaml = EvpnYaml(evpndNs, "65002:999") + "\nhold-tim: 9";
        evpnd.Neighbors.Clear();
        int badLine = evpnd.RenderConfig().Split('\n').ToList().FindIndex(l => l.StartsWith("hold-tim", StringComparison.Ordinal)) + 1;
        CommandResult refused = await evpnd.ReloadAsync();
        FrrNeighbor still = await frr3.GetNeighborAsync(evpndAt3);

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.Not.Zero);
            Assert.That(refused.Stderr, Does.Contain($"{evpnd.ConfigPath}:{badLine}:1: unknown key 'hold-tim'"));
            Assert.That(refused.Stderr, Does.Contain("evpnd keeps running as before"));
            Assert.That(still.IsEstablished, Is.True, "FRR 3's session stayed up: the emptied neighbor list was not applied");
        });
        IReadOnlyList<EvpndNeighbor> neighbors = await evpnd.ShowNeighborsAsync();
        Assert.That(neighbors.Select(n => n.Address), Is.EqualTo(new[] { frr1Address, frr3Address }));
    }

    private string EvpnYaml(Netns ns, string exportRt)
    {
        string stateDir = Path.Combine(Lab.Directory, $"{ns.ShortName}-evpnd-state");
        Directory.CreateDirectory(stateDir);
        return $$"""
            state-dir: {{stateDir}}
            evpn:
              advertise-all-vni: false
              vnis:
                - vni: 100
                  local-vtep: 10.255.0.2
                  route-targets: { import: [auto], export: ["{{exportRt}}"] }
                  macs: ["{{StaticMac}}"]
            """;
    }

    private static Task<IReadOnlyList<FrrEvpnRoute>> WaitForRouteTargetAsync(FrrNode frr, string routeTarget) =>
        Poll.UntilAsync(
            () => frr.GetEvpnRoutesAsync("macip"),
            routes => routes.Any(r => r.Path.Mac == StaticMac && r.Path.ExtendedCommunity?.Items.Contains(routeTarget) == true),
            $"FRR in {frr.Namespace} to have {StaticMac} with {routeTarget}",
            null,
            routes => string.Join("; ", routes.Select(r => $"{r.Path.Mac} {r.Path.ExtendedCommunity?.Text}")));
}
