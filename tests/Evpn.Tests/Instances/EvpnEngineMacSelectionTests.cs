using System.Net;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>Remote routes for one MAC from several VTEPs: sticky, then higher sequence, then lower VTEP address.</summary>
public sealed class EvpnEngineMacSelectionTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (bool reversed in new[] { false, true })
        {
            string order = reversed ? " (loser first)" : " (winner first)";
            yield return new TestCaseData(("10.0.0.3", 0u, true), ("10.0.0.2", 5u, false), reversed)
                .SetName("Sticky wins over a higher sequence" + order);
            yield return new TestCaseData(("10.0.0.3", 2u, false), ("10.0.0.2", 1u, false), reversed)
                .SetName("A higher sequence wins over a lower VTEP address" + order);
            yield return new TestCaseData(("10.0.0.2", 1u, false), ("10.0.0.3", 1u, false), reversed)
                .SetName("On equal sequences the lower VTEP address wins" + order);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void The_best_route_decides_where_the_MAC_is_installed(
        (string Vtep, uint Sequence, bool Sticky) winner, (string Vtep, uint Sequence, bool Sticky) loser, bool loserFirst)
    {
        var fixture = new EngineFixture().WithVni100();
        var mac = EngineFixture.Mac(2);
        var routes = loserFirst ? new[] { loser, winner } : new[] { winner, loser };

        foreach (var (vtep, sequence, sticky) in routes)
        {
            fixture.RemoteMac(mac, vtep, sequence, sticky);
        }

        string expected = $"mac 100 {mac} {winner.Vtep}{(winner.Sticky ? " sticky" : "")}";
        Assert.That(fixture.Dataplane.Log[^1], Is.EqualTo(expected));
        Assert.That(fixture.Dataplane.Log, Has.Count.EqualTo(loserFirst ? 2 : 1), "a losing route must not touch the dataplane");
        var shown = fixture.Engine.GetMacs().Single();
        Assert.That((shown.RemoteVtep, shown.Sequence, shown.Sticky), Is.EqualTo((IPAddress.Parse(winner.Vtep), winner.Sequence, winner.Sticky)));

        // The winner leaves: the other route takes over.
        fixture.RemoteMac(mac, winner.Vtep, winner.Sequence, winner.Sticky, withdraw: true);
        Assert.That(fixture.Dataplane.Log[^1], Is.EqualTo($"mac 100 {mac} {loser.Vtep}{(loser.Sticky ? " sticky" : "")}"));
    }

    [Test]
    public void Two_MACs_claiming_one_IP_install_the_neighbour_of_the_better_route()
    {
        var fixture = new EngineFixture().WithVni100();

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.3", ip: "192.168.1.20");
        fixture.RemoteMac(EngineFixture.Mac(3), "10.0.0.2", sequence: 1, ip: "192.168.1.20");

        Assert.That(fixture.Dataplane.Log.Where(l => l.StartsWith("neigh", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "neigh 100 192.168.1.20 02:00:00:00:00:02", "neigh 100 192.168.1.20 02:00:00:00:00:03",
        }));
    }

    [Test]
    public void A_new_sequence_from_the_same_VTEP_does_not_re_install_the_MAC()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", sequence: 1);
        fixture.Dataplane.Log.Clear();

        fixture.RemoteMac(EngineFixture.Mac(2), "10.0.0.2", sequence: 2);

        Assert.That(fixture.Dataplane.Take(), Is.Empty, "the kernel holds the VTEP and the sticky flag, not the sequence");
        Assert.That(fixture.Engine.GetMacs().Single().Sequence, Is.EqualTo(2u));
    }
}
