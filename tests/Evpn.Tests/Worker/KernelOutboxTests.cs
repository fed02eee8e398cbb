using System.Threading.Channels;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Worker;

[TestFixture]
public sealed class KernelOutboxTests
{
    [Test]
    public async Task WaitsBeyondItsBound_WhileKernelSyncReads_AndHandsEverythingOnInOrder()
    {
        var channel = Channel.CreateBounded<KernelSyncRequest>(2);
        var outbox = new KernelOutbox(channel.Writer, maxIntents: 300, TimeSpan.FromSeconds(30), TimeProvider.System);
        var posted = Enumerable.Range(0, 10).Select(i => Batch(100, i)).ToList();
        foreach (var request in posted.Take(5))
        {
            outbox.Post(request);
        }
        Assert.That((outbox.Count, outbox.Intents), Is.EqualTo((3, 300)), "the channel took two");

        outbox.Post(posted[5]);
        var drain = outbox.DrainAsync(outbox.MaxIntents, CancellationToken.None).AsTask();
        Assert.That(drain.IsCompleted, Is.False, "400 intents waiting: the worker waits");

        var read = new List<KernelSyncRequest>();
        Assert.That(channel.Reader.TryRead(out var first), Is.True);
        read.Add(first!);
        await drain.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(outbox.Intents, Is.EqualTo(300));

        foreach (var request in posted.Skip(6))
        {
            outbox.Post(request);
        }
        var all = outbox.DrainAsync(0, CancellationToken.None).AsTask();
        while (read.Count < posted.Count)
        {
            read.Add(await channel.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        }
        await all.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(read, Is.EqualTo(posted), "every request once, in order");
        Assert.That(outbox.Stalled, Is.False);
    }

    [Test]
    public async Task KernelSyncThatTakesNothing_IsNotWaitedFor_UntilItTakesARequestAgain()
    {
        var channel = Channel.CreateBounded<KernelSyncRequest>(1);
        var outbox = new KernelOutbox(channel.Writer, maxIntents: 10, TimeSpan.FromMilliseconds(50), TimeProvider.System);
        outbox.Post(Batch(10, 0));
        outbox.Post(Batch(10, 1));
        outbox.Post(Batch(10, 2));

        // Nothing reads (KernelSync retrying without privilege): the worker goes on after the patience.
        await outbox.DrainAsync(outbox.MaxIntents, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(outbox.Stalled, Is.True);
        await outbox.DrainAsync(outbox.MaxIntents, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(outbox.Count, Is.EqualTo(2), "queued, not lost");

        Assert.That(channel.Reader.TryRead(out _), Is.True);
        outbox.Push();
        Assert.That((outbox.Stalled, outbox.Count), Is.EqualTo((false, 1)));
    }

    private static ApplyIntents Batch(int intents, int first)
    {
        var batch = new DataplaneIntentBatch();
        for (var i = 0; i < intents; i++)
        {
            batch.Add(DataplaneIntent.RemoteMacGone(new Vni(100), new MacAddress((ulong)(first * 1000 + i))));
        }
        return new ApplyIntents(batch);
    }
}
