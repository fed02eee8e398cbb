using System.Diagnostics;
using Evpnd.Bench.Kernel;

namespace Evpnd.Bench.E2e;

/// <summary>
/// `evpnd-bench e2e`: the real evpnd executable, FRR bgpd+zebra and the kernel floor, each in a
/// fresh namespace, installing the same N remote MACs behind V VTEPs; the daemons receive the very
/// same pre-built BGP bytes from the benchmark's injector, and an independent netlink listener in
/// the DUT's namespace times the FDB. Then MAC moves and session loss. Nothing of evpnd is linked
/// into the injector or the listener: the figures are those a user would see.
/// </summary>
internal static class E2eBenchmark
{
    public static int Run(E2eOptions options)
    {
        if (Environment.UserName != "root")
        {
            Console.Error.WriteLine("e2e needs root (it creates network namespaces and runs daemons in them).");
            return 2;
        }

        if (options.Runs(E2eOptions.Frr) && !(File.Exists(FrrDut.ZebraPath) && File.Exists(FrrDut.BgpdPath)))
        {
            Console.Error.WriteLine($"FRR is not installed ({FrrDut.ZebraPath}, {FrrDut.BgpdPath}): apt-get install frr, or leave it out with --duts floor,evpnd.");
            return 2;
        }

        Console.WriteLine($"kernel {Shell.Run("uname", "-r").Trim()}, {Environment.ProcessorCount} cores, {CpuModel()}, .NET {Environment.Version}");
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        IReadOnlyList<string> evpnd = [];
        if (options.Runs(E2eOptions.Evpnd))
        {
            try
            {
                (evpnd, var description) = EvpndLocator.Locate(options);
                Console.WriteLine($"evpnd: {description}");
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        }

        if (options.Runs(E2eOptions.Frr))
        {
            Console.WriteLine($"FRR: {Shell.Run(FrrDut.BgpdPath, "--version").Split('\n')[0].Trim()}");
        }

        if (options.TraceDirectory is not null)
        {
            Directory.CreateDirectory(options.TraceDirectory);
        }

        var results = new List<DutResult>();
        using var cleanup = new E2eCleanup();
        var runner = new DutRunner(options, cleanup);
        foreach (var count in options.Counts)
        {
            foreach (var vteps in options.Vteps)
            {
                var layout = new RouteLayout(count, vteps);
                var watch = Stopwatch.StartNew();
                var streams = new E2eStreams(
                    UpdateStream.Flood(layout),
                    UpdateStream.Macs(layout, options.RoutesPerUpdate),
                    UpdateStream.Moves(layout, Math.Min(options.Moves, count)));
                Console.WriteLine($"=== N = {count:N0}, V = {vteps:N0} ({layout.MacsPerVtep:N0} MACs per VTEP): {streams.Macs.Messages:N0} UPDATEs, "
                    + $"{streams.Macs.Bytes.Length / 1e6:F1} MB, + {streams.Flood.Messages:N0} type-3 UPDATEs, {streams.Moves.Length:N0} moves; built in {watch.Elapsed.TotalSeconds:F2} s");
                for (var round = 1; round <= options.Repeat; round++)
                {
                    foreach (var dut in options.Duts)
                    {
                        Console.WriteLine($"--- {dut}, N = {count:N0}, V = {vteps:N0}, round {round} of {options.Repeat}");
                        // A clean heap: the previous DUT's garbage is not charged to the next one's listener.
                        GC.Collect();
                        GC.WaitForPendingFinalizers();
                        results.Add(dut switch
                        {
                            E2eOptions.Floor => runner.RunFloor(layout, round),
                            E2eOptions.Evpnd => runner.RunDaemon(new EvpndDut(evpnd, options.EvpndEnvironment, TracePath(options, count, vteps, round)), layout, streams, round),
                            E2eOptions.Frr => runner.RunDaemon(new FrrDut(), layout, streams, round),
                            _ => throw new ArgumentException($"unknown DUT '{dut}' (floor, evpnd, frr)"),
                        });
                    }
                }
            }
        }

        E2eReport.Print(results, options);
        Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return results.Any(r => r.Failure is not null || !r.Verified.StartsWith("ok", StringComparison.Ordinal)) ? 1 : 0;
    }

    private static string? TracePath(E2eOptions options, int count, int vteps, int round) =>
        options.TraceDirectory is null ? null : Path.GetFullPath(Path.Combine(options.TraceDirectory, $"evpnd-{count}-{vteps}-r{round}.nettrace"));

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
}
