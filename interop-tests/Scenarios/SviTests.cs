using Evpnd.Interop.Tests.Harness;
using Evpnd.Interop.Tests.Harness.Evpnd;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// Issue 12, item 1: an IP on a VTEP's bridge (an SVI) in the hosts' subnet. When the VTEP pings a
/// host behind another VTEP, its kernel adds a neighbour entry for that host on the bridge; the
/// host's MAC is still remote (it was learned from BGP, never on a local bridge port), so the VTEP
/// must not advertise it as its own. Done wrong, the MAC ping-pongs between the VTEPs with rising
/// sequence numbers until FRR's duplicate detection freezes it.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class SviTests : ScenarioTest
{
    private const int Vni = 100;
    private const string SviAddress = "192.168.10.250";
    private const string BarrierMac = "02:00:00:00:fe:01";

    [Test]
    public async Task PingFromAnSviLeavesRemoteMacsRemote()
    {
        ScenarioFabric fabric = await StartFabricAsync(
            FabricKind.IbgpRouteReflector,
            new VtepSpec(1, EvpndVtep, Vni), new VtepSpec(2, VtepKind.Frr, Vni), new VtepSpec(3, EvpndVtep, Vni));
        await fabric.PingAllPairsAsync();
        ScenarioVtep svi = fabric.Vtep(1);
        ScenarioHost[] remote = [fabric.Host("h2a"), fabric.Host("h3a")];
        foreach (ScenarioHost host in remote)
        {
            await fabric.WaitForRemoteMacAsync(svi, host);
        }

        await svi.Namespace.AddAddressAsync(ScenarioVtep.Bridge(Vni), $"{SviAddress}/24");
        foreach (ScenarioHost host in remote)
        {
            await Poll.UntilAsync(() => svi.Namespace.PingAsync(host.Address), ok => ok, $"{svi}'s SVI {SviAddress} to reach {host}");
            // The kernel now holds a neighbour entry for the host on the bridge.
            await Poll.UntilAsync(
                () => svi.Namespace.ExecAsync("ip", "neigh", "show", host.Address, "dev", ScenarioVtep.Bridge(Vni)),
                r => r.Stdout.Contains(host.Mac, StringComparison.OrdinalIgnoreCase),
                $"{svi}'s neighbour entry for {host.Address} on {ScenarioVtep.Bridge(Vni)}",
                describe: r => r.Stdout);
        }

        // A barrier: a static MAC added on the SVI's VTEP after the neighbour entries exist is
        // advertised and reaches FRR's VTEP; a route the neighbour entries caused would be there too.
        if (svi.Evpnd is { } evpnd)
        {
            await evpnd.AddStaticMacAsync(Vni, BarrierMac);
            await Poll.UntilAsync(
                () => MacView.GetAsync(fabric.Vtep(2), Vni, BarrierMac),
                view => view is { Origin: "remote" },
                $"FRR's vtep2 to learn the barrier MAC {BarrierMac} from {svi}");
        }

        foreach (ScenarioHost host in remote)
        {
            foreach (ScenarioVtep vtep in fabric.Vteps)
            {
                MacView? view = await MacView.GetAsync(vtep, Vni, host.Mac);
                string expected = vtep == host.Vtep ? "local" : "remote";
                Assert.That(view, Is.Not.Null, $"{vtep} knows {host.Mac} ({host.Name})");
                Assert.Multiple(() =>
                {
                    Assert.That(view!.Origin, Is.EqualTo(expected), $"{vtep}'s view of {host.Name}'s MAC: {view}");
                    Assert.That(view.Sequence, Is.Zero, $"{vtep}: {host.Name}'s MAC never moved, its sequence stays 0: {view}");
                    if (view.Vtep is not null)
                    {
                        Assert.That(view.Vtep, Is.EqualTo(host.Vtep.Address), $"{vtep} sends {host.Name}'s MAC to its own VTEP");
                    }
                });
            }
        }

        IReadOnlyList<Harness.Frr.FrrEvpnMac> frrMacs = await fabric.Vtep(2).RequireFrr().GetEvpnMacsAsync();
        TestContext.Out.WriteLine($"FRR vtep2: {string.Join("; ", frrMacs)}");
        Assert.That(frrMacs.Where(m => m.IsDuplicate || m.DetectionCount > 0), Is.Empty, "FRR started no duplicate detection");
    }
}
