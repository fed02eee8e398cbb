using Evpnd.Interop.Tests.Harness;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// Issue 5, scenario 4: head-end replication. A broadcast ARP request from a host is sent once
/// to each other VTEP of its VNI (the flood list built from type-3 routes, RFC 8365 section 9)
/// and to no VTEP without the VNI. Counted by tshark on the router's underlay interfaces, where
/// every VTEP-to-VTEP packet passes.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class BumReplicationTests : ScenarioTest
{
    private const string Vni100Target = "192.168.10.199";
    private const string Vni200Target = "192.168.10.198";

    [Test]
    public async Task BroadcastReachesEachOtherVtepOfItsVniExactlyOnce()
    {
        ScenarioFabric fabric = await StartFabricAsync(
            FabricKind.IbgpRouteReflector,
            new VtepSpec(1, EvpndVtep, 100, 200), new VtepSpec(2, EvpndVtep, 100), new VtepSpec(3, VtepKind.Frr, 100, 200));
        ScenarioVtep vtep1 = fabric.Vtep(1);
        ScenarioVtep vtep2 = fabric.Vtep(2);
        ScenarioVtep vtep3 = fabric.Vtep(3);
        await WaitForFloodListAsync(vtep1, 100, vtep2.Address, vtep3.Address);
        await WaitForFloodListAsync(vtep1, 200, vtep3.Address);

        Dictionary<int, VxlanCapture> captures = [];
        foreach (ScenarioVtep vtep in fabric.Vteps)
        {
            captures[vtep.Index] = await VxlanCapture.StartAsync(Lab, fabric.RouterNamespace, vtep.RouterSide.Interface);
        }

        ScenarioHost h1a = fabric.Host("h1a");
        ScenarioHost h1b = fabric.Host("h1b");
        // A barrier before: the captures see traffic now (tshark's "Capturing on" comes a little early).
        await ArpProbe.SendUntilSeenAsync(h1a.Namespace, "192.168.10.201", captures[2], captures[3]);

        await ArpProbe.SendOneArpRequestAsync(h1a.Namespace, Vni100Target);
        await ArpProbe.SendOneArpRequestAsync(h1b.Namespace, Vni200Target);

        // A barrier after: a later broadcast of each VNI has passed every interface, so any copy of
        // the counted ones would have passed too (one path, in order).
        await ArpProbe.SendUntilSeenAsync(h1a.Namespace, "192.168.10.202", captures[1], captures[2], captures[3]);
        await ArpProbe.SendUntilSeenAsync(h1b.Namespace, "192.168.10.203", captures[1], captures[3]);

        IReadOnlyList<VxlanPacket> fromVtep1 = [.. captures[1].Packets.Where(p => p.Source == vtep1.Address)];
        Assert.Multiple(() =>
        {
            Assert.That(fromVtep1.Where(p => p.ArpTarget == Vni100Target).Select(p => (p.Destination, p.Vni)),
                Is.EquivalentTo(new[] { (vtep2.Address, 100), (vtep3.Address, 100) }), "vtep1 sends VNI 100's broadcast once to vtep2 and once to vtep3");
            Assert.That(fromVtep1.Where(p => p.ArpTarget == Vni200Target).Select(p => (p.Destination, p.Vni)),
                Is.EquivalentTo(new[] { (vtep3.Address, 200) }), "vtep1 sends VNI 200's broadcast once, to vtep3");
            Assert.That(captures[2].ArpRequestsFor(Vni100Target).Select(p => p.Destination), Is.EqualTo(new[] { vtep2.Address }), "vtep2 receives VNI 100's broadcast once");
            Assert.That(captures[3].ArpRequestsFor(Vni100Target).Select(p => p.Destination), Is.EqualTo(new[] { vtep3.Address }), "vtep3 receives VNI 100's broadcast once");
            Assert.That(captures[2].ArpRequestsFor(Vni200Target), Is.Empty, "vtep2 (no VNI 200) receives none of VNI 200's broadcast");
            Assert.That(captures[3].ArpRequestsFor(Vni200Target).Select(p => p.Destination), Is.EqualTo(new[] { vtep3.Address }), "vtep3 receives VNI 200's broadcast once");
        });
        foreach (VxlanCapture capture in captures.Values)
        {
            TestContext.Out.WriteLine($"{capture.Device}: {string.Join("; ", capture.Packets)}");
        }
    }

    private static Task WaitForFloodListAsync(ScenarioVtep vtep, int vni, params string[] remotes) =>
        Poll.UntilAsync(
            () => vtep.GetVxlanFdbAsync(vni),
            fdb => fdb.Where(e => e.IsFloodEntry).Select(e => e.Dst).Order().SequenceEqual(remotes.Order()),
            $"{vtep}'s flood list for VNI {vni} to be [{string.Join(", ", remotes)}]",
            describe: fdb => string.Join("; ", fdb));
}
