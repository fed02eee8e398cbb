using System.Net;
using System.Threading.Channels;
using Evpnd.KernelSync.Tests.Lab;

namespace Evpnd.KernelSync.Tests.Worker;

[TestFixture]
[NonParallelizable]
public sealed class KernelSyncWorkerTests
{
    [Test]
    public async Task CommandsAreProgrammedHandRemovalsUndoneAndRefusalsReported()
    {
        using var lab = new VxlanLab("w0");
        var state = Directory.CreateTempSubdirectory($"evk-{Environment.ProcessId}-worker-").FullName;
        var commands = Channel.CreateBounded<KernelCommand>(1024);
        var events = Channel.CreateBounded<KernelEvent>(4096);
        using var stop = new CancellationTokenSource();
        var worker = new KernelSyncWorker(new KernelSyncOptions { NetworkNamespace = lab.Vtep.Name, StateDirectory = state, GracePeriod = TimeSpan.FromMinutes(5) });
        var run = Task.Run(() => worker.RunAsync(commands.Reader, events.Writer, stop.Token));
        var seen = new List<KernelEvent>();
        var vtep = IPAddress.Parse("10.0.0.2");
        var mac = MacAddress.Parse("02:00:00:00:77:01");
        try
        {
            await commands.Writer.WriteAsync(new FloodEntryWanted(new FloodEntry(lab.VxlanIfindex, vtep)));
            await commands.Writer.WriteAsync(new RemoteMacWanted(new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, mac, vtep)));
            await Poll.Until(
                () => lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100") is var s && s.Contains("02:00:00:00:77:01 dst 10.0.0.2 self extern_learn") && s.Contains("00:00:00:00:00:00 dst 10.0.0.2"),
                "flood entry and remote MAC installed");

            lab.Vtep.Bridge("fdb", "del", mac.ToString(), "dev", "vxlan100", "self");
            await Poll.Until(
                () => lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Contains("02:00:00:00:77:01 dst 10.0.0.2 self extern_learn"),
                "hand-deleted remote MAC put back");

            var remoteNeighbor = new NeighborEntry(lab.BridgeIfindex, IPAddress.Parse("192.168.100.77"), mac);
            await commands.Writer.WriteAsync(new NeighborWanted(remoteNeighbor));
            await Poll.Until(() => lab.Vtep.Ip("neigh", "show", "dev", "br0").Contains("192.168.100.77 lladdr 02:00:00:00:77:01 extern_learn NOARP proto bgp"), "remote neighbour installed");
            lab.Vtep.Ip("neigh", "del", "192.168.100.77", "dev", "br0");
            await Poll.Until(() => lab.Vtep.Ip("neigh", "show", "dev", "br0").Contains("192.168.100.77 lladdr"), "hand-deleted neighbour put back");

            await commands.Writer.WriteAsync(new RemoteMacWanted(new RemoteMacEntry(99999, lab.BridgeIfindex, mac, vtep)));
            var failed = await WaitFor<ProgrammingFailed>(events.Reader, seen);
            Assert.That(failed.Failure.Errno, Is.EqualTo(19));
            Assert.That(failed.ToString(), Does.Contain("errno 19"));

            await commands.Writer.WriteAsync(new RemoteMacWithdrawn(new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, mac, vtep)));
            await Poll.Until(() => !lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Contains("02:00:00:00:77:01"), "withdrawn MAC removed");

            commands.Writer.Complete();
            await run.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.That(seen.OfType<KernelResynchronised>().Select(e => e.Reason), Does.Contain("start"));
            Assert.That(seen.OfType<NeighborUpdated>().Any(e => e.Neighbor.Address.Equals(remoteNeighbor.Address)), Is.False, "our own entry is not a local neighbour");
        }
        finally
        {
            await StopAsync(run, stop, state);
        }
    }

    [Test]
    public async Task HostsLearnedBeforeTheWorkerStartsAreReportedAfterTheirBridge()
    {
        using var lab = new VxlanLab("w1");
        // A host that spoke before evpnd started: the bridge already holds its MAC, and no event
        // will tell of it again.
        lab.Host!.Exec("ping", "-c", "1", "-W", "1", "192.168.100.1");
        var hostMac = MacAddress.Parse(lab.Host.Ip("-br", "link", "show", "eth0").Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);
        var state = Directory.CreateTempSubdirectory($"evk-{Environment.ProcessId}-worker-").FullName;
        var commands = Channel.CreateBounded<KernelCommand>(16);
        var events = Channel.CreateBounded<KernelEvent>(4096);
        using var stop = new CancellationTokenSource();
        var worker = new KernelSyncWorker(new KernelSyncOptions { NetworkNamespace = lab.Vtep.Name, StateDirectory = state });
        var run = Task.Run(() => worker.RunAsync(commands.Reader, events.Writer, stop.Token));
        var seen = new List<KernelEvent>();
        try
        {
            var learned = await WaitFor<LocalMacLearned>(events.Reader, seen);

            Assert.That(learned.Mac, Is.EqualTo(hostMac));
            Assert.That(learned.BridgeIfindex, Is.EqualTo(lab.BridgeIfindex));
            Assert.That(learned.PortIfindex, Is.EqualTo(lab.HostPortIfindex));
            Assert.That(seen.OfType<LinkAdded>().Any(l => l.Link.Ifindex == lab.BridgeIfindex), Is.True, "the bridge is known before its MACs");
            // The SVI also holds multicast mappings (224.0.0.22, ...): wait for the host's entry.
            NeighborUpdated neighbor;
            do
            {
                neighbor = await WaitFor<NeighborUpdated>(events.Reader, seen);
            }
            while (!neighbor.Neighbor.Address.Equals(IPAddress.Parse("192.168.100.10")));
            Assert.That(neighbor.Neighbor.Mac, Is.EqualTo(hostMac));
            Assert.That(seen.OfType<KernelResynchronised>().Any(), Is.False, "\"start\" comes after what the kernel already held");
        }
        finally
        {
            await StopAsync(run, stop, state);
        }
    }

    [Test]
    public async Task ALargeWithdrawalWaitsForTheMonitorInsteadOfOverrunningIt()
    {
        // 20,000 withdrawals echo 40,000 deletion notifications (the monitor must see them, a hand
        // deletion looks the same) into a 1 MB receive buffer that holds about a thousand.
        const int count = 20_000;
        using var lab = new VxlanLab("w2");
        var state = Directory.CreateTempSubdirectory($"evk-{Environment.ProcessId}-worker-").FullName;
        var commands = Channel.CreateUnbounded<KernelCommand>();
        var events = Channel.CreateUnbounded<KernelEvent>();
        using var stop = new CancellationTokenSource();
        var worker = new KernelSyncWorker(new KernelSyncOptions
        {
            NetworkNamespace = lab.Vtep.Name,
            StateDirectory = state,
            ReceiveBufferBytes = 512 * 1024,
        });
        var run = Task.Run(() => worker.RunAsync(commands.Reader, events.Writer, stop.Token));
        var seen = new List<KernelEvent>();
        var vtep = IPAddress.Parse("10.0.0.2");
        var macs = Enumerable.Range(0, count)
            .Select(i => new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, new MacAddress(0x0200_0001_0000UL + (ulong)i), vtep))
            .ToList();
        try
        {
            await WaitFor<KernelResynchronised>(events.Reader, seen);
            foreach (var mac in macs)
            {
                commands.Writer.TryWrite(new RemoteMacWanted(mac));
            }

            // Refused (no such device) only after everything before it was programmed.
            commands.Writer.TryWrite(new RemoteMacWanted(new RemoteMacEntry(99999, lab.BridgeIfindex, MacAddress.Parse("02:00:00:00:99:99"), vtep)));
            await WaitFor<ProgrammingFailed>(events.Reader, seen);
            Assert.That(CountRemoteMacs(lab), Is.EqualTo(count));

            foreach (var mac in macs)
            {
                commands.Writer.TryWrite(new RemoteMacWithdrawn(mac));
            }

            commands.Writer.Complete();
            await run.WaitAsync(TimeSpan.FromSeconds(60));
            events.Writer.Complete();
            await foreach (var e in events.Reader.ReadAllAsync())
            {
                seen.Add(e);
            }

            Assert.That(CountRemoteMacs(lab), Is.Zero);
            Assert.That(seen.OfType<KernelOverrun>(), Is.Empty, "our own deletions overran the monitor");
            Assert.That(seen.OfType<KernelResynchronised>().Select(e => e.Reason), Is.EqualTo(new[] { "start" }));
        }
        finally
        {
            await StopAsync(run, stop, state);
        }
    }

    /// <summary>Stops a worker (a failure of its own is the test's to report, not this) and removes its state.</summary>
    private static async Task StopAsync(Task run, CancellationTokenSource stop, string state)
    {
        stop.Cancel();
        try
        {
            await run.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (OperationCanceledException)
        {
        }

        Directory.Delete(state, recursive: true);
    }

    private static int CountRemoteMacs(VxlanLab lab) =>
        lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Split('\n').Count(l => l.Contains("dst 10.0.0.2 self extern_learn"));

    private static async Task<T> WaitFor<T>(ChannelReader<KernelEvent> reader, List<KernelEvent> seen)
        where T : KernelEvent
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            while (true)
            {
                var next = await reader.ReadAsync(timeout.Token);
                seen.Add(next);
                if (next is T match)
                {
                    return match;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No {typeof(T).Name} within 15 s. Seen: {string.Join("; ", seen.TakeLast(10))}");
            throw;
        }
    }
}
