using System.Globalization;
using Evpnd.KernelSync;
using Evpnd.KernelSync.Netlink;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// `evpnd-bench kernel-install`: N remote MACs installed and removed on a fresh bridge + VXLAN
/// device by (b) a minimal batched netlink writer (the kernel's floor), (a) iproute2
/// <c>bridge -batch</c>, (c) evpnd's KernelSyncWorker fed batches of remote-MAC intents and (c')
/// evpnd's FdbBatch alone, all in one namespace created (and removed) by the run.
/// </summary>
internal static class KernelInstallBenchmark
{
    private const string FloorName = "(b) minimal netlink, 32/send";

    public static async Task<int> RunAsync(KernelInstallOptions options)
    {
        if (Environment.UserName != "root")
        {
            Console.Error.WriteLine("kernel-install needs root (it creates a network namespace).");
            return 2;
        }

        Console.WriteLine($"kernel {Shell.Run("uname", "-r").Trim()}, {Environment.ProcessorCount} cores, {CpuModel()}");
        var rows = new List<KernelRow>();
        using var ns = new BenchNamespace();
        Console.WriteLine($"namespace {ns.Name}");
        foreach (var count in options.Counts)
        {
            for (var round = 1; round <= options.Repeat; round++)
            {
                Console.WriteLine($"--- N = {count:N0}, round {round} of {options.Repeat}");
                var verifier = new FdbVerifier();
                rows.Add(await MeasureAsync(ns, verifier, options, count, FloorName,
                    d => Task.FromResult(new RawFdbWriter().Install(d, count)),
                    d => Task.FromResult(new RawFdbWriter().Remove(d, count))).ConfigureAwait(false));
                if (options.Runs("a"))
                rows.Add(await MeasureAsync(ns, verifier, options, count, "(a) bridge -batch, 2 lines/MAC",
                    d => Task.FromResult(new BridgeBatchWriter().Install(d, count)),
                    d => Task.FromResult(new BridgeBatchWriter().Remove(d, count))).ConfigureAwait(false));

                WorkerSession? session = null;
                RemoteMacEntry[] entries = [];
                if (options.Runs("c"))
                rows.Add(await MeasureAsync(ns, verifier, options, count, "(c) evpnd KernelSyncWorker",
                    async d =>
                    {
                        entries = EvpndEntries.Build(d, count);
                        session = new WorkerSession(d);
                        await session.StartAsync(options.Timeout).ConfigureAwait(false);
                        return await session.InstallAsync(entries, options.Timeout).ConfigureAwait(false);
                    },
                    async d =>
                    {
                        return await session!.RemoveAsync(entries, options.Timeout).ConfigureAwait(false);
                    },
                    async () =>
                    {
                        if (session is not null)
                        {
                            await session.DisposeAsync().ConfigureAwait(false);
                            Console.WriteLine($"  {session.Tally}");
                            session = null;
                        }
                    }).ConfigureAwait(false));

                if (options.Runs("c'"))
                rows.Add(await MeasureAsync(ns, verifier, options, count, "(c') evpnd FdbBatch only",
                    d =>
                    {
                        entries = EvpndEntries.Build(d, count);
                        return Task.FromResult(new FdbBatchWriter().Install(d, entries));
                    },
                    d => Task.FromResult(new FdbBatchWriter().Remove(d, entries))).ConfigureAwait(false));

                if (options.Diagnose && options.Runs("d"))
                {
                    foreach (var flushEvery in new[] { 8192, count })
                    {
                        var writer = new ReconcilerWriter(flushEvery);
                        rows.Add(await MeasureAsync(ns, verifier, options, count, $"(d) KernelReconciler, flush/{(flushEvery == count ? "end" : flushEvery.ToString(CultureInfo.InvariantCulture))}",
                            d =>
                            {
                                entries = EvpndEntries.Build(d, count);
                                return Task.FromResult(writer.Install(d, entries));
                            },
                            d => Task.FromResult(writer.Remove(entries)),
                            () =>
                            {
                                writer.Close();
                                return Task.CompletedTask;
                            }).ConfigureAwait(false));
                    }
                }

                entries = [];
            }
        }

        PrintTable(rows);
        return rows.Any(r => r.Install is null || r.Remove is null || r.Note is not null) ? 1 : 0;
    }

    private static async Task<KernelRow> MeasureAsync(
        BenchNamespace ns,
        FdbVerifier verifier,
        KernelInstallOptions options,
        int count,
        string name,
        Func<VxlanDevice, Task<WriterResult>> install,
        Func<VxlanDevice, Task<WriterResult>> remove,
        Func<Task>? cleanup = null)
    {
        Console.WriteLine($"{name}, N = {count:N0}");
        var device = ns.CreateDevice();
        WriterResult? installed = null, removed = null;
        FdbCount? afterInstall = null, afterRemove = null;
        string? note = null;
        try
        {
            // A clean heap for every writer: garbage of the previous one is not charged to it.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            // Nor the kernel's background work left by the previous one.
            Console.WriteLine($"  {IdleCpu.Settle(TimeSpan.FromSeconds(30))}");
            installed = await install(device).ConfigureAwait(false);
            Console.WriteLine($"  install {installed.Elapsed.TotalSeconds:F2} s ({count / installed.Elapsed.TotalSeconds:N0} MACs/s), {installed.Failures} failure(s) {installed.FirstError}");
            afterInstall = count <= options.FullVerifyMax ? verifier.Dump(device) : verifier.Sample(device, count, options.Samples);
            Console.WriteLine($"  after install, {afterInstall}");
            var expected = count <= options.FullVerifyMax ? count : Math.Min(count, options.Samples);
            if (!afterInstall.Holds(expected))
            {
                note = $"kernel holds {afterInstall.VxlanHalves}/{afterInstall.BridgeHalves}, expected {expected}";
            }

            ShowFirstEntry(device);
            removed = await remove(device).ConfigureAwait(false);
            Console.WriteLine($"  remove  {removed.Elapsed.TotalSeconds:F2} s, {removed.Failures} failure(s) {removed.FirstError}");
            afterRemove = verifier.Dump(device);
            Console.WriteLine($"  after remove, {afterRemove}");
            if (!afterRemove.Holds(0))
            {
                note ??= $"{afterRemove.VxlanHalves}/{afterRemove.BridgeHalves} entries left after remove";
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception or NetlinkException)
        {
            note = e is TimeoutException ? $"timed out after {options.Timeout.TotalSeconds:F0} s" : e.Message;
            Console.WriteLine($"  FAILED: {note}");
        }
        finally
        {
            if (cleanup is not null)
            {
                await cleanup().ConfigureAwait(false);
            }

            // Deleting the device drops whatever a failed or timed-out writer left.
            ns.DeleteDevice(device);
        }

        return new KernelRow(name, count, installed, afterInstall, removed, afterRemove, note);
    }

    /// <summary>Prints the first MAC's two kernel entries, to show every writer leaves the same state.</summary>
    private static void ShowFirstEntry(VxlanDevice device)
    {
        var mac = BenchMacs.Text(0);
        try
        {
            var self = Shell.Run("bridge", "-n", device.Namespace, "fdb", "get", mac, "dev", device.VxlanName, "self").Trim();
            var master = Shell.Run("bridge", "-n", device.Namespace, "fdb", "get", mac, "br", device.BridgeName).Trim();
            Console.WriteLine($"    {self}\n    {master}");
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"    bridge fdb get: {e.Message}");
        }
    }

    /// <summary>
    /// One line per writer and N; with several rounds, the best (shortest) install and remove of
    /// the rounds, so that a burst of load from elsewhere on the machine does not decide the ratio.
    /// </summary>
    private static void PrintTable(List<KernelRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"kernel {Shell.Run("uname", "-r").Trim()}, {Environment.ProcessorCount} cores; best of {rows.GroupBy(r => (r.Writer, r.Count)).Max(g => g.Count())} round(s)");
        Console.WriteLine($"{"writer",-34} {"N",10} {"install s",10} {"MACs/s",10} {"vs (b)",7} {"remove s",9} {"vs (b)",7}  verified");
        var best = rows.GroupBy(r => (r.Writer, r.Count)).Select(g => new KernelRow(
            g.Key.Writer,
            g.Key.Count,
            g.Select(r => r.Install).Where(r => r is not null).MinBy(r => r!.Elapsed),
            g.Select(r => r.Installed).FirstOrDefault(c => c is not null),
            g.Select(r => r.Remove).Where(r => r is not null).MinBy(r => r!.Elapsed),
            g.Select(r => r.Removed).FirstOrDefault(c => c is not null),
            g.Select(r => r.Note).FirstOrDefault(n => n is not null))).ToList();
        foreach (var row in best)
        {
            var floor = best.FirstOrDefault(r => r.Writer == FloorName && r.Count == row.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Writer,-34} {row.Count,10:N0} {Seconds(row.Install),10} {Rate(row),10} {Ratio(row.Install, floor?.Install),7} {Seconds(row.Remove),9} {Ratio(row.Remove, floor?.Remove),7}  {Verified(row)}"));
        }

        Console.WriteLine("reference, NOT measured in this run (REFERENCE.md): FRR 8.4 bgpd+zebra, routes received over BGP: ~1.9 s per 100k, ~27 s per 1M");
    }

    private static string Seconds(WriterResult? result) => result is null ? "-" : result.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);

    private static string Rate(KernelRow row) =>
        row.Install is null ? "-" : (row.Count / row.Install.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(WriterResult? result, WriterResult? floor) =>
        result is null || floor is null ? "-" : (result.Elapsed.TotalSeconds / floor.Elapsed.TotalSeconds).ToString("F2", CultureInfo.InvariantCulture) + "x";

    private static string Verified(KernelRow row)
    {
        if (row.Note is not null)
        {
            return "FAILED: " + row.Note;
        }

        return row.Installed is null ? "-" : $"{row.Installed.Method}: ok, empty after remove";
    }

    private static string CpuModel()
    {
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
