using System.Diagnostics;
using Evpnd.Bgp.Rib;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Tests.Instances;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;
using Evpnd.KernelSync.Netlink;

namespace Evpnd.Evpn.Tests.Worker;

/// <summary>
/// The stages from the RIB's best-path batch to the kernel's answer, run on one thread so that
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> sees all of them: the batch copied as the
/// worker copies it, imported by the engine, its intents gathered into one batch, applied by the
/// reconciler (ownership journal included) and sent to a real kernel in a namespace of its own.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PipelineAllocationTests
{
    private const int Macs = 5000;

    [Test]
    public void MovingRemoteMacsAtSteadyStateAllocatesNothingPerRoute()
    {
        var ns = $"evt-{Environment.ProcessId}-alloc";
        var state = Directory.CreateTempSubdirectory($"evt-{Environment.ProcessId}-alloc-").FullName;
        Ip("netns", "add", ns);
        try
        {
            Ip("-n", ns, "link", "add", "br0", "type", "bridge");
            Ip("-n", ns, "link", "add", "vxlan100", "type", "vxlan", "id", "100", "local", "10.0.0.1", "dstport", "4789", "nolearning");
            Ip("-n", ns, "link", "set", "vxlan100", "master", "br0");
            Ip("-n", ns, "link", "set", "br0", "up");
            Ip("-n", ns, "link", "set", "vxlan100", "up");
            using var client = RtnetlinkClient.OpenInNamespace(ns);
            using var reconciler = new KernelReconciler(client, new OwnershipStore(state), VniTable.Of(client.DumpLinks()), TimeSpan.FromHours(1));
            var intents = new IntentBatcher();
            var engine = new EvpnEngine(new EvpnEngineOptions { RouterId = EngineFixture.RouterId, LocalAs = EngineFixture.LocalAs }, new RecordingOriginator(), intents);
            engine.AddOrUpdateLocalVni(new LocalVni(new Vni(100), System.Net.IPAddress.Parse("10.0.0.1")));
            reconciler.Reconcile();

            // The same routes, their best path alternating between two VTEPs (built before the
            // clock: these arrays are the RIB's, not the pipeline's).
            var rounds = Enumerable.Range(0, 6)
                .Select(round => Enumerable.Range(0, Macs)
                    .Select(i => EngineFixture.MacChange(EngineFixture.Mac(i), "10.0.0.2", rt: "65001:100", nextHop: round % 2 == 0 ? "10.0.0.2" : "10.0.0.3"))
                    .ToArray())
                .ToArray();

            // Two rounds grow every table and pool to its size; then the steady state is measured.
            RunRound(rounds[0], engine, intents, reconciler);
            RunRound(rounds[1], engine, intents, reconciler);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 2; round < rounds.Length; round++)
            {
                RunRound(rounds[round], engine, intents, reconciler);
            }

            var perRoute = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / ((rounds.Length - 2) * Macs);

            TestContext.Progress.WriteLine($"steady state: {perRoute:F3} bytes allocated per route ({rounds.Length - 2} batches of {Macs:N0})");
            Assert.That(Bridge("-n", ns, "fdb", "show", "dev", "vxlan100").Split('\n').Count(l => l.Contains("dst 10.0.0.3 self extern_learn")), Is.EqualTo(Macs), "the last round is in the kernel");
            // What is allocated is per batch (the batch objects, the flush, the netlink batch), not per route.
            Assert.That(perRoute, Is.LessThan(1.0), $"{perRoute:F2} bytes allocated per route");
        }
        finally
        {
            Ip("netns", "del", ns);
            Directory.Delete(state, recursive: true);
        }
    }

    private static void RunRound(BestPathChange[] changes, EvpnEngine engine, IntentBatcher intents, KernelReconciler reconciler)
    {
        // RIB worker → EVPN worker: one copy of the batch.
        using (var batch = BestPathBatch.CopyEvpn(changes)!)
        {
            engine.RemoteRouteChanged(batch.Items);
        }

        // EVPN worker → KernelSync: one intent batch, applied in order.
        using (var applied = intents.Take()!)
        {
            Assert.That(applied.Count, Is.EqualTo(Macs));
            foreach (ref readonly var intent in applied.Items)
            {
                reconciler.Apply(in intent);
            }
        }

        Assert.That(reconciler.Flush(), Is.Empty);
    }

    private static string Ip(params string[] arguments) => Run("ip", arguments);

    private static string Bridge(params string[] arguments) => Run("bridge", arguments);

    private static string Run(string command, string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{command} {string.Join(' ', arguments)}: {error}");
        return output;
    }
}
