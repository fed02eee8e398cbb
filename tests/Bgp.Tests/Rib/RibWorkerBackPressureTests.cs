using Evpnd.Bgp.Rib;
using static Evpnd.Bgp.Tests.Rib.RibTestData;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// The RIB worker and an observer without room: a session loss is withdrawn a slice at a time,
/// peers wait, local originations and queries do not, and nothing is lost or reordered.
/// </summary>
public sealed class RibWorkerBackPressureTests
{
    private const int Routes = 3000;
    private const int Slice = 500;

    [Test]
    public async Task PeerDown_IsWithdrawnASliceAtATime_AsTheObserverMakesRoom_EveryRouteOnce()
    {
        var observer = new BoundedObserver(Slice);
        await using var rib = new RibWorkerFixture(Options() with { WithdrawalSlice = Slice }, observer);
        var before = await FillThenLoseAsync(rib, observer);
        var seen = new List<int>();
        // The worker stops after each slice until the observer lets its changes go (after the
        // last one nothing is left to stop for).
        for (var i = 1; i < Routes / Slice; i++)
        {
            await observer.FullAsync().WaitAsync(TimeSpan.FromSeconds(30));
            seen.Add(observer.Snapshot().Count - before);
            observer.Release();
        }
        await DrainUntilAsync(observer, changes => changes.Count - before == Routes);

        var withdrawn = observer.Snapshot().Skip(before).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(Enumerable.Range(1, Routes / Slice - 1).Select(i => i * Slice)));
            Assert.That(withdrawn.All(c => c.Kind == BestPathChangeKind.Withdrawn), Is.True);
            Assert.That(withdrawn.Select(c => Convert.ToHexString(c.Nlri.Span)), Is.EquivalentTo(Enumerable.Range(1, Routes).Select(i => Hex(Type2(i)))));
        });
        Assert.That(await rib.LocRibAsync(), Is.Empty);
    }

    [Test]
    public async Task PeerDown_WhileLocalRoutesAreAddedBetweenSlices_StillWithdrawsEveryRouteOnce()
    {
        var observer = new BoundedObserver(Slice);
        await using var rib = new RibWorkerFixture(Options() with { WithdrawalSlice = Slice }, observer);
        var before = await FillThenLoseAsync(rib, observer);
        for (var i = 0; i < 3; i++)
        {
            await observer.FullAsync().WaitAsync(TimeSpan.FromSeconds(30));
            // New table entries while the walk of the table is half done: it starts again.
            await rib.Worker.OriginateAsync(Evpn, Type2(20_000 + i, rd: 1), Vtep(1), Attributes());
            observer.Release();
        }
        await DrainUntilAsync(observer, changes => changes.Skip(before).Count(c => c.Kind == BestPathChangeKind.Withdrawn) == Routes);
        await rib.SettleAsync();

        var changes = observer.Snapshot().Skip(before).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(changes.Where(c => c.Kind == BestPathChangeKind.Withdrawn).Select(c => Convert.ToHexString(c.Nlri.Span)),
                Is.EquivalentTo(Enumerable.Range(1, Routes).Select(i => Hex(Type2(i)))), "each of a's routes once");
            Assert.That(changes.Count(c => c.Kind == BestPathChangeKind.Added && c.IsLocal), Is.EqualTo(3));
        });
        Assert.That((await rib.LocRibAsync()).Count(r => r.IsLocal), Is.EqualTo(3));
    }

    [Test]
    public async Task PeerDown_ComesBeforeAnotherPeersLaterAnnouncements_OfTheSameRouteToo()
    {
        var observer = new BoundedObserver(Slice);
        await using var rib = new RibWorkerFixture(Options() with { WithdrawalSlice = Slice }, observer);
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        var b = await rib.UpAsync(new RecordingRibPeer("192.0.2.4", 65004, 0x0A000004));
        observer.Release();
        await FillAsync(rib, observer, a);
        var before = observer.Snapshot().Count;

        rib.Worker.PeerDown(a, "hold timer expired");
        // Posted while a's routes are still being withdrawn: route 1 again, and a new one.
        await rib.Worker.UpdateReceivedAsync(b, Announce(Attributes(65004), Vtep(4), Type2(1), Type2(Routes + 1)), CancellationToken.None);
        await DrainUntilAsync(observer, changes => changes.Count - before == Routes + 2);

        var changes = observer.Snapshot().Skip(before).ToList();
        var lastWithdrawal = changes.FindLastIndex(c => c.Kind == BestPathChangeKind.Withdrawn);
        var firstFromB = changes.FindIndex(c => c.Kind != BestPathChangeKind.Withdrawn);
        var route1 = changes.Where(c => Convert.ToHexString(c.Nlri.Span) == Hex(Type2(1))).Select(c => c.Kind).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(changes.Count(c => c.Kind == BestPathChangeKind.Withdrawn), Is.EqualTo(Routes));
            Assert.That(firstFromB, Is.GreaterThan(lastWithdrawal), "b's routes after every withdrawal of a's");
            Assert.That(route1, Is.EqualTo(new[] { BestPathChangeKind.Withdrawn, BestPathChangeKind.Added }));
        });
        Assert.That((await rib.LocRibAsync()).Select(r => Convert.ToHexString(r.Nlri.Span)), Is.EquivalentTo(new[] { Hex(Type2(1)), Hex(Type2(Routes + 1)) }));
    }

    /// <summary>Announces the table from <paramref name="peer"/>, letting the changes go as they come.</summary>
    /// <summary>Peer a's table in the RIB, then its session lost; the changes the observer had before.</summary>
    private static async Task<int> FillThenLoseAsync(RibWorkerFixture rib, BoundedObserver observer)
    {
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        observer.Release();
        // The table arrives as the observer makes room.
        await FillAsync(rib, observer, a);
        var before = observer.Snapshot().Count;
        rib.Worker.PeerDown(a, "hold timer expired");
        return before;
    }

    private static async Task FillAsync(RibWorkerFixture rib, BoundedObserver observer, RecordingRibPeer peer)
    {
        var table = rib.SendAsync(peer, Announce(Attributes(65002), Vtep(2), Enumerable.Range(1, Routes).Select(i => Type2(i))));
        while (!table.IsCompleted)
        {
            await Task.WhenAny(observer.FullAsync(), table);
            observer.Release();
        }
        await table;
        Assert.That(observer.Snapshot().Count(c => c.Kind == BestPathChangeKind.Added), Is.EqualTo(Routes));
        observer.Release();
    }

    /// <summary>Lets the observer's changes go (unless told not to) until <paramref name="done"/> holds, for 30 s at most.</summary>
    private static async Task DrainUntilAsync(BoundedObserver observer, Func<List<BestPathChange>, bool> done, bool release = true)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!done(observer.Snapshot()))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the observer has {observer.Snapshot().Count} changes after 30 s");
            }
            await Task.WhenAny(observer.FullAsync(), Task.Delay(20));
            if (release)
            {
                observer.Release();
            }
        }
    }

    [Test]
    public async Task WithoutRoom_PeersWait_ButLocalOriginationsAndQueriesAreServed()
    {
        var observer = new BoundedObserver(1);
        await using var rib = new RibWorkerFixture(null, observer);
        var a = await rib.UpAsync(new RecordingRibPeer("192.0.2.2", 65002, 0x0A000002));
        await rib.Worker.UpdateReceivedAsync(a, Announce(Attributes(65002), Vtep(2), Type2(1)), CancellationToken.None);
        await DrainUntilAsync(observer, changes => changes.Count == 1, release: false);
        // The observer is full now: the next UPDATE is read from the inbox and held there.
        await rib.Worker.UpdateReceivedAsync(a, Announce(Attributes(65002), Vtep(2), Type2(2)), CancellationToken.None);
        await observer.FullAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // More than the local inbox holds (1,024): an originator that waited on the RIB while
        // the RIB waits on it would hang here.
        for (var i = 0; i < 2000; i++)
        {
            await rib.Worker.OriginateAsync(Evpn, Type2(10_000 + i, rd: 1), Vtep(1), Attributes()).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        var handedOver = observer.Snapshot();
        var query = await rib.LocRibAsync();

        Assert.That(handedOver.Select(c => Convert.ToHexString(c.Nlri.Span)), Does.Not.Contain(Hex(Type2(2))), "the peer's second UPDATE waits");
        Assert.That(handedOver.Count(c => c.IsLocal), Is.GreaterThanOrEqualTo(2000 - 1024), "the originations did not (all but what the local inbox holds)");
        Assert.That(query.Count(r => r.IsLocal), Is.EqualTo(2000));
        observer.Release();
        await rib.SettleAsync();
        Assert.That(observer.Snapshot().Select(c => Convert.ToHexString(c.Nlri.Span)), Does.Contain(Hex(Type2(2))));
    }
}
