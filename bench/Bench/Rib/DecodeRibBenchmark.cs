using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Routing;
using Evpnd.Evpn.Wire;

namespace Evpnd.Bench.Rib;

/// <summary>
/// `evpnd-bench decode-rib`: a recorded-style stream of N EVPN type-2 routes packed as FRR packs
/// them, (i) framed, validated and walked (the session engine's per-UPDATE work plus the EVPN NLRI
/// walk), (ii) decoded and inserted into the RIB through the RIB worker's session seam, with the
/// managed memory the RIB then holds per route.
/// </summary>
internal static class DecodeRibBenchmark
{
    public const uint LocalAs = 65002;
    public const uint RouterId = 0x0aff0002;

    private const int WalkPasses = 5;
    private const int RibRuns = 5;
    private const double TargetRoutesPerSecond = 1_000_000;
    private const double TargetBytesPerRoute = 300;

    public static async Task<int> RunAsync(int routes)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        var stream = UpdateStreamBuilder.Build(routes, out var updates);
        Console.WriteLine($"stream: {routes:N0} type-2 routes (MAC only, 33-byte NLRI) in {updates:N0} UPDATEs of up to {UpdateStreamBuilder.MaxMessage} bytes ({UpdateStreamBuilder.RoutesPerUpdate} routes each), {stream.Length / 1e6:F1} MB");
        CheckFirstUpdate(stream);

        var walk = MeasureWalk(stream, routes);
        // Warm-up on a tenth of the stream: tiered JIT compiles the hot paths before the runs that count.
        var warmUpRoutes = Math.Max(1, routes / 10);
        var warmUpStream = UpdateStreamBuilder.Build(warmUpRoutes, out _);
        // Each run starts from a fresh thread-pool item: a continuation run inline would keep the
        // previous run's frames, and through them its RIB, on the stack below the next one.
        var (warmUp, previous) = await Task.Run(() => MeasureRibAsync(warmUpStream, warmUpRoutes, null)).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        Console.WriteLine($"  warm-up ({warmUpRoutes:N0} routes): {warmUp}");
        var rib = new List<RibRun>();
        for (var run = 0; run < RibRuns; run++)
        {
            var last = previous;
            var (result, worker) = await Task.Run(() => MeasureRibAsync(stream, routes, last)).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            previous = worker;
            rib.Add(result);
            Console.WriteLine($"  RIB run {run + 1}: {rib[^1]}");
        }

        var best = rib.MinBy(r => r.Elapsed)!;
        var median = rib.OrderBy(r => r.Elapsed).ElementAt(rib.Count / 2);
        var held = rib.Select(r => r.HeldPerRoute).Where(h => !double.IsNaN(h)).DefaultIfEmpty(double.NaN).Max();
        Console.WriteLine();
        Console.WriteLine($"{"measurement",-48} {"routes",10} {"s",7} {"routes/s",12} {"alloc B/route",14} {"held B/route",13}");
        Console.WriteLine(Row("(i) frame + validate + EVPN NLRI walk", routes, walk.Elapsed, walk.AllocatedPerRoute, null));
        Console.WriteLine(Row("(ii) decode + RIB insert (RibWorker), best", routes, best.Elapsed, best.AllocatedPerRoute, held));
        Console.WriteLine(Row("(ii) decode + RIB insert (RibWorker), median", routes, median.Elapsed, median.AllocatedPerRoute, held));
        Console.WriteLine($"targets (issue 3): > {TargetRoutesPerSecond:N0} routes/s, < {TargetBytesPerRoute} bytes/route held: "
            + $"{(routes / median.Elapsed.TotalSeconds > TargetRoutesPerSecond ? "rate met (median)" : "rate NOT met (median)")}, "
            + $"{(held < TargetBytesPerRoute ? "memory met" : "memory NOT met")}");
        Console.WriteLine("reference: no FRR figure measured in this run (FRR would have to receive the stream over a session).");
        GC.KeepAlive(stream);
        return 0;
    }

    private static string Row(string name, int routes, TimeSpan elapsed, double allocated, double? held) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{name,-48} {routes,10:N0} {elapsed.TotalSeconds,7:F3} {routes / elapsed.TotalSeconds,12:N0} {allocated,14:F1} {(held is null ? "-" : held.Value.ToString("F1", CultureInfo.InvariantCulture)),13}");

    /// <summary>The first UPDATE must decode with evpnd's full codec and carry the expected routes.</summary>
    private static void CheckFirstUpdate(byte[] stream)
    {
        var sequence = new ReadOnlySequence<byte>(stream);
        BgpMessageCodec.TryReadFrame(ref sequence, UpdateStreamBuilder.MaxMessage, out var frame, out _);
        var update = new UpdateReader(frame.FirstSpan);
        var validation = update.Validate(UpdateCodecOptions.Default);
        if (!validation.IsValid || !update.TryGetMpReach(out var reach) || reach.Family != AfiSafi.L2vpnEvpn)
        {
            throw new InvalidOperationException($"the generated UPDATE does not validate: {validation.Reason}");
        }

        var reader = new EvpnNlriReader(reach.Nlri);
        reader.TryRead(out var route);
        Console.WriteLine($"first UPDATE: {frame.Length} bytes, first route {route.Type} rd {route.Rd} {route.MacIpKey}");
    }

    private static (TimeSpan Elapsed, double AllocatedPerRoute) MeasureWalk(byte[] stream, int routes)
    {
        var options = UpdateCodecOptions.Default;
        var times = new List<TimeSpan>();
        long allocated = 0;
        for (var pass = 0; pass < WalkPasses; pass++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            var sequence = new ReadOnlySequence<byte>(stream);
            var seen = 0;
            var invalid = 0;
            while (BgpMessageCodec.TryReadFrame(ref sequence, options.EffectiveMaxMessageLength, out var frame, out var type))
            {
                if (type != BgpMessageType.Update)
                {
                    continue;
                }

                var update = new UpdateReader(frame.FirstSpan);
                if (!update.Validate(options).IsValid || !update.TryGetMpReach(out var reach))
                {
                    invalid++;
                    continue;
                }

                var reader = new EvpnNlriReader(reach.Nlri);
                while (reader.TryRead(out var route))
                {
                    if (route.Type == EvpnRouteType.MacIpAdvertisement)
                    {
                        seen++;
                    }
                }
            }

            times.Add(watch.Elapsed);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (seen != routes || invalid != 0)
            {
                throw new InvalidOperationException($"walk saw {seen} routes and {invalid} invalid UPDATEs, expected {routes}");
            }
        }

        times.Sort();
        Console.WriteLine($"(i) walk, {WalkPasses} passes: {string.Join(", ", times.Select(t => t.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)))} s; median {times[WalkPasses / 2].TotalSeconds:F3} s");
        return (times[WalkPasses / 2], (double)allocated / routes);
    }

    /// <summary>
    /// One fresh RIB worker fed the whole stream. Held bytes are the growth of the live heap
    /// (GC.GetTotalMemory after a full collection) while the worker holds the routes; they are
    /// only measured once the previous run's worker is collected, NaN otherwise.
    /// </summary>
    private static async Task<(RibRun Run, WeakReference Worker)> MeasureRibAsync(byte[] stream, int routes, WeakReference? previous)
    {
        using var stop = new CancellationTokenSource();
        var peer = new BenchRibPeer();
        var observer = new CountingObserver(routes);

        for (var attempt = 0; attempt < 5 && previous is { IsAlive: true }; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        var clean = previous is not { IsAlive: true };
        var heldBefore = GC.GetTotalMemory(forceFullCollection: true);

        var worker = new RibWorker(new RibOptions { LocalAs = LocalAs, RouterId = RouterId, Families = [EvpnRibFamily.Instance] });
        worker.AddObserver(observer);
        var running = Task.Factory.StartNew(() => worker.RunAsync(stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        worker.PeerUp(peer);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var sequence = new ReadOnlySequence<byte>(stream);
        var memory = stream.AsMemory();
        long offset = 0;
        // The session's read loop: frame, then hand the UPDATE to the sink and await it.
        while (BgpMessageCodec.TryReadFrame(ref sequence, UpdateCodecOptions.Default.EffectiveMaxMessageLength, out var frame, out _))
        {
            await worker.UpdateReceivedAsync(peer, memory.Slice((int)offset, (int)frame.Length), CancellationToken.None).ConfigureAwait(false);
            offset += frame.Length;
        }

        await observer.Done.WaitAsync(TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var heldAfter = GC.GetTotalMemory(forceFullCollection: true);
        var rib = await worker.QueryAsync(RibView.LocRib, AfiSafi.L2vpnEvpn).ConfigureAwait(false);
        var held = clean ? (double)(heldAfter - heldBefore) / routes : double.NaN;
        var inRib = rib.Count;
        rib = null;
        stop.Cancel();
        // Forced to yield: continuing inline on the worker's thread would leave its RunAsync frame,
        // and so the whole RIB, on the stack beneath the next run.
        await running.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        var weak = new WeakReference(worker);
        if (inRib != routes)
        {
            throw new InvalidOperationException($"the Loc-RIB holds {inRib} routes, expected {routes}");
        }

        return (new RibRun(elapsed, (double)allocated / routes, held, observer.Changes, peer.UpdatesSent), weak);
    }
}
