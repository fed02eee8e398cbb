using System.Threading.Channels;
using Evpnd.Bgp.Rib;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Tests.Instances;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Worker;

/// <summary>The worker between the RIB and KernelSync when KernelSync is slower than both: bounded, nothing lost, in order.</summary>
[TestFixture]
public sealed class EvpnWorkerHandOffTests
{
    private const int Macs = 20_000;

    [Test]
    public async Task ATableAndItsLoss_WaitForKernelSync_AndReachItEveryIntentOnceInOrder()
    {
        var kernel = Channel.CreateBounded<KernelSyncRequest>(EvpnWorker.KernelRequestCapacity);
        var events = Channel.CreateUnbounded<KernelEvent>();
        var worker = new EvpnWorker(
            new EvpnWorkerOptions
            {
                Engine = new EvpnEngineOptions { RouterId = EngineFixture.RouterId, LocalAs = EngineFixture.LocalAs },
                AdvertiseAllVni = true,
                MaxBestPathBacklog = 1024,
                MaxKernelBacklog = 1024,
                // Long enough never to give up on this test's reader.
                KernelPatience = TimeSpan.FromMinutes(5),
            },
            new RecordingRib(), kernel.Writer, events.Reader, new RecordingLogger());
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        worker.Post(new KernelEventReceived(new VniStateChanged(EngineFixture.Vni100, WorkerHarness.Usable(100))));
        IBestPathObserver observer = worker;

        // The RIB hands over the table and its withdrawal in chunks, as long as there is room.
        var chunks = Enumerable.Range(0, Macs).Select(i => EngineFixture.MacChange(EngineFixture.Mac(i), $"10.0.{1 + i % 200}.1"))
            .Concat(Enumerable.Range(0, Macs).Select(i => EngineFixture.MacChange(EngineFixture.Mac(i), $"10.0.{1 + i % 200}.1", withdraw: true)))
            .Chunk(512).ToList();
        var next = 0;
        while (next < chunks.Count && observer.WaitForRoom() is null)
        {
            observer.BestPathsChanged(chunks[next++]);
        }
        var room = observer.WaitForRoom();
        Assert.That(next, Is.LessThan(chunks.Count), "KernelSync reads nothing yet: the worker has no room long before the end");
        Assert.That(room, Is.Not.Null);

        // KernelSync reads, slowly; the RIB goes on whenever there is room.
        var intents = new List<DataplaneIntent>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (intents.Count(i => i.Kind == DataplaneIntentKind.RemoteMacWithdrawn) < Macs)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"{intents.Count} intents after 60 s");
            while (next < chunks.Count && observer.WaitForRoom() is null)
            {
                observer.BestPathsChanged(chunks[next++]);
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                if (await kernel.Reader.ReadAsync(wait.Token) is ApplyIntents apply)
                {
                    using var batch = apply.Batch;
                    intents.AddRange(batch.Items.ToArray());
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        var macs = intents.Where(i => i.Kind is DataplaneIntentKind.RemoteMacWanted or DataplaneIntentKind.RemoteMacWithdrawn).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(macs, Has.Count.EqualTo(2 * Macs));
            Assert.That(macs.Take(Macs).All(i => i.Kind == DataplaneIntentKind.RemoteMacWanted), Is.True, "every MAC installed before any withdrawal");
            Assert.That(macs.Take(Macs).Select(i => i.Mac), Is.EqualTo(Enumerable.Range(0, Macs).Select(EngineFixture.Mac)));
            Assert.That(macs.Skip(Macs).Select(i => i.Mac), Is.EqualTo(Enumerable.Range(0, Macs).Select(EngineFixture.Mac)));
        });
        await stop.CancelAsync();
        await run;
    }
}
