using System.Net;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>RFC 7432 s15: MAC mobility and duplicate detection.</summary>
public sealed class EvpnEngineMobilityTests
{
    private static readonly MacAddress s_mac = EngineFixture.Mac(7);

    [Test]
    public void A_local_learn_of_a_remote_MAC_is_advertised_with_the_next_sequence_and_uninstalls_the_remote_one()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(s_mac, "10.0.0.2", sequence: 3);
        fixture.Dataplane.Log.Clear();

        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_mac);

        Assert.That(AdvertisedMobility(fixture), Is.EqualTo(new MacMobilityCommunity(4, false)));
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { $"mac- 100 {s_mac}" }));
        var shown = fixture.Engine.GetMacs().Single();
        Assert.That((shown.IsLocal, shown.Sequence, shown.Advertised), Is.EqualTo((true, 4u, true)));
    }

    [Test]
    public void A_MAC_that_moved_here_keeps_its_sequence_across_a_restart_and_one_that_left_does_not()
    {
        var store = new InMemoryLocalSequenceStore();
        var before = new EngineFixture(o => o with { LocalSequenceStore = store }).WithVni100();
        before.RemoteMac(s_mac, "10.0.0.2", sequence: 0);
        before.Engine.LocalMacLearned(EngineFixture.Vni100, s_mac);
        before.Engine.LocalMacLearned(EngineFixture.Vni100, EngineFixture.Mac(8));
        Assert.That(AdvertisedMobility(before), Is.EqualTo(new MacMobilityCommunity(1, false)));
        Assert.That(store.Count, Is.EqualTo(1), "only the MAC that moved here is kept");

        // A restart: a new engine; the bridge still holds the MAC, the route from 10.0.0.2 is
        // long withdrawn and the RIB has not handed anything over yet.
        var after = new EngineFixture(o => o with { LocalSequenceStore = store }).WithVni100();
        after.Engine.LocalMacLearned(EngineFixture.Vni100, s_mac);

        Assert.That(AdvertisedMobility(after), Is.EqualTo(new MacMobilityCommunity(1, false)), "the same sequence as before the restart, not 0");

        after.Engine.LocalMacRemoved(EngineFixture.Vni100, s_mac);
        Assert.That(store.Count, Is.Zero, "a MAC gone from the bridge starts again from what others advertise");
    }

    [Test]
    public void A_higher_remote_sequence_withdraws_our_route_and_installs_the_remote_MAC()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_mac, IPAddress.Parse("192.168.1.7"));
        Assert.That(fixture.Originator.Table, Has.Count.EqualTo(3));

        fixture.RemoteMac(s_mac, "10.0.0.9", sequence: 1, ip: "192.168.1.7");

        Assert.That(fixture.Originator.Routes.OfType<MacIpAdvertisementRoute>(), Is.Empty);
        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { $"mac 100 {s_mac} 10.0.0.9", $"neigh 100 192.168.1.7 {s_mac}" }));
        Assert.That(fixture.Engine.GetMacs().Single().RemoteVtep, Is.EqualTo(IPAddress.Parse("10.0.0.9")));
    }

    [TestCase("10.0.0.0", true, TestName = "An equal sequence from a lower VTEP address moves the MAC away")]
    [TestCase("10.0.0.9", false, TestName = "An equal sequence from a higher VTEP address leaves the MAC local")]
    public void On_equal_sequences_the_lower_VTEP_address_keeps_the_MAC(string remoteVtep, bool moves)
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_mac);

        fixture.RemoteMac(s_mac, remoteVtep, sequence: 0);

        Assert.That(fixture.Originator.Routes.OfType<MacIpAdvertisementRoute>().Count(), Is.EqualTo(moves ? 0 : 1));
        Assert.That(fixture.Dataplane.Take(), Has.Count.EqualTo(moves ? 1 : 0));
        Assert.That(fixture.Engine.GetMacs().Single().IsLocal, Is.EqualTo(!moves));
    }

    [Test]
    public void A_lower_remote_sequence_does_not_move_a_local_MAC()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(s_mac, "10.0.0.2", sequence: 3);
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_mac);
        fixture.Dataplane.Log.Clear();

        fixture.RemoteMac(s_mac, "10.0.0.0", sequence: 2);

        Assert.That(AdvertisedMobility(fixture), Is.EqualTo(new MacMobilityCommunity(4, false)));
        Assert.That(fixture.Dataplane.Take(), Is.Empty);
    }

    [Test]
    public void A_sticky_local_MAC_is_never_superseded()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_mac, sticky: true);

        fixture.RemoteMac(s_mac, "10.0.0.0", sequence: 100);
        fixture.RemoteMac(s_mac, "10.0.0.2", sequence: 100, sticky: true);

        Assert.That(AdvertisedMobility(fixture), Is.EqualTo(new MacMobilityCommunity(0, true)));
        Assert.That(fixture.Dataplane.Take(), Is.Empty);
        Assert.That(fixture.Engine.GetMacs().Single().IsLocal, Is.True);
    }

    [Test]
    public void A_local_learn_does_not_take_a_MAC_that_is_sticky_elsewhere()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(s_mac, "10.0.0.2", sticky: true);
        fixture.Dataplane.Log.Clear();

        fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_mac);

        Assert.That(fixture.Originator.Routes.OfType<MacIpAdvertisementRoute>(), Is.Empty);
        Assert.That(fixture.Dataplane.Take(), Is.Empty);
        Assert.That(fixture.Engine.GetMacs().Single().RemoteVtep, Is.EqualTo(IPAddress.Parse("10.0.0.2")));
    }

    [Test]
    public void Five_moves_within_180_seconds_mark_the_MAC_duplicate_and_stop_advertising_it()
    {
        var fixture = new EngineFixture().WithVni100();

        uint sequence = Bounce(fixture, moves: 5, every: TimeSpan.FromSeconds(10));

        var shown = fixture.Engine.GetMacs().Single();
        Assert.That((shown.IsLocal, shown.Duplicate, shown.Frozen, shown.Advertised), Is.EqualTo((true, true, false, false)));
        Assert.That(fixture.Originator.Routes.OfType<MacIpAdvertisementRoute>(), Is.Empty);
        Assert.That(sequence, Is.EqualTo(6u));

        // Clearing it advertises it again.
        Assert.That(fixture.Engine.ClearDuplicates(EngineFixture.Vni100), Is.EqualTo(1));
        Assert.That(AdvertisedMobility(fixture), Is.EqualTo(new MacMobilityCommunity(6, false)));
        Assert.That(fixture.Engine.GetMacs().Single().Duplicate, Is.False);
    }

    [Test]
    public void Four_moves_are_not_a_duplicate()
    {
        var fixture = new EngineFixture().WithVni100();

        Bounce(fixture, moves: 4, every: TimeSpan.FromSeconds(10));

        Assert.That(fixture.Engine.GetMacs().Single().Duplicate, Is.False);
    }

    [Test]
    public void Failing_over_between_VTEPs_without_a_higher_sequence_is_not_a_move()
    {
        var fixture = new EngineFixture().WithVni100();
        fixture.RemoteMac(s_mac, "10.0.0.3");

        for (int i = 0; i < 6; i++)
        {
            fixture.RemoteMac(s_mac, "10.0.0.2");
            fixture.RemoteMac(s_mac, "10.0.0.2", withdraw: true);
        }

        Assert.That(fixture.Engine.GetMacs().Single().Duplicate, Is.False);
        Assert.That(fixture.Dataplane.Log, Has.Count.EqualTo(13), "each failover is still installed");
    }

    [Test]
    public void Moves_spread_over_more_than_the_window_are_not_a_duplicate()
    {
        var fixture = new EngineFixture().WithVni100();

        Bounce(fixture, moves: 5, every: TimeSpan.FromSeconds(50));

        var shown = fixture.Engine.GetMacs().Single();
        Assert.That((shown.Duplicate, shown.Advertised), Is.EqualTo((false, true)));
    }

    [Test]
    public void A_frozen_duplicate_ignores_further_moves_until_the_freeze_time_ends()
    {
        var fixture = new EngineFixture(o => o with
        {
            DuplicateDetection = new DuplicateAddressDetectionOptions { Freeze = true, FreezeTime = TimeSpan.FromSeconds(30) },
        }).WithVni100();
        Bounce(fixture, moves: 5, every: TimeSpan.FromSeconds(10));
        Assert.That(fixture.Engine.GetMacs().Single().Frozen, Is.True);
        fixture.Dataplane.Log.Clear();

        fixture.RemoteMac(s_mac, "10.0.0.2", sequence: 7);
        fixture.Time.Advance(TimeSpan.FromSeconds(29));
        fixture.Engine.Tick();

        Assert.That(fixture.Dataplane.Take(), Is.Empty, "frozen: the move to 10.0.0.2 waits");
        var frozen = fixture.Engine.GetMacs().Single();
        Assert.That((frozen.IsLocal, frozen.Duplicate, frozen.Frozen), Is.EqualTo((true, true, true)));

        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        fixture.Engine.Tick();

        Assert.That(fixture.Dataplane.Take(), Is.EqualTo(new[] { $"mac 100 {s_mac} 10.0.0.2" }));
        var thawed = fixture.Engine.GetMacs().Single();
        Assert.That((thawed.RemoteVtep, thawed.Duplicate, thawed.Frozen), Is.EqualTo((IPAddress.Parse("10.0.0.2"), false, false)));
    }

    [Test]
    public void A_freeze_time_of_zero_lasts_until_cleared()
    {
        var fixture = new EngineFixture(o => o with { DuplicateDetection = new DuplicateAddressDetectionOptions { Freeze = true } }).WithVni100();
        Bounce(fixture, moves: 5, every: TimeSpan.FromSeconds(10));

        fixture.Time.Advance(TimeSpan.FromDays(1));
        fixture.Engine.Tick();
        Assert.That(fixture.Engine.GetMacs().Single().Frozen, Is.True);

        fixture.Engine.ClearDuplicates(mac: s_mac);
        var shown = fixture.Engine.GetMacs().Single();
        Assert.That((shown.Frozen, shown.Duplicate, shown.Advertised), Is.EqualTo((false, false, true)));
    }

    /// <summary>
    /// Moves the MAC between a remote VTEP and here <paramref name="moves"/> times, starting remote
    /// (not a move) and ending local when the count is odd; returns our last sequence.
    /// </summary>
    private static uint Bounce(EngineFixture fixture, int moves, TimeSpan every)
    {
        uint sequence = 1;
        fixture.RemoteMac(s_mac, "10.0.0.2", sequence);
        for (int move = 1; move <= moves; move++)
        {
            fixture.Time.Advance(every);
            sequence++;
            if (move % 2 == 1)
            {
                fixture.Engine.LocalMacLearned(EngineFixture.Vni100, s_mac);
            }
            else
            {
                fixture.RemoteMac(s_mac, "10.0.0.2", sequence);
            }
        }
        return sequence;
    }

    private static MacMobilityCommunity? AdvertisedMobility(EngineFixture fixture)
    {
        var route = fixture.Originator.Single(r => r is MacIpAdvertisementRoute m && m.Mac == s_mac && m.Ip.IsNone);
        return EvpnCommunities.Read(route.Attributes.OfType<ExtendedCommunitiesAttribute>().Single().Communities.AsSpan()).MacMobility;
    }
}
