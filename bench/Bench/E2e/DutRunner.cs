using System.Diagnostics;
using System.Net.Sockets;
using Evpnd.Bench.Kernel;

namespace Evpnd.Bench.E2e;

/// <summary>
/// Runs one DUT through the phases of one (N, V, round) in a fresh lab: install, then (daemons)
/// MAC moves, then session loss or (floor) remove. Each phase has the run's deadline; whatever
/// happens, the daemons, namespaces and directories of the lab are gone afterwards.
/// </summary>
internal sealed class DutRunner
{
    private static readonly TimeSpan s_settlePatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_moveDeadline = TimeSpan.FromSeconds(10);

    private readonly E2eOptions _options;
    private readonly E2eCleanup _cleanup;
    private int _generation;

    public DutRunner(E2eOptions options, E2eCleanup cleanup)
    {
        _options = options;
        _cleanup = cleanup;
    }

    /// <summary>
    /// The kernel floor: the kernel bench's writer (b) (raw netlink, 32 RTM_NEWNEIGH per send, all
    /// ACKs read) installs the same N MACs behind the same VTEPs, then removes them.
    /// </summary>
    public DutResult RunFloor(RouteLayout layout, int round)
    {
        var result = new DutResult(E2eOptions.Floor, layout.Count, layout.Vteps, round);
        var lab = E2eLab.Create(_cleanup, ++_generation);
        using var listener = new FdbListener(lab.DutNamespace, lab.VxlanIfindex, layout, _options.ListenerBufferBytes);
        try
        {
            Settle();
            listener.ArmCount(layout.Count);
            var start = Stopwatch.GetTimestamp();
            var written = new RawFdbWriter(layout.VtepAddressOf).Install(lab.Device, layout.Count);
            if (written.Failures > 0)
            {
                throw new InvalidOperationException($"floor writer: {written.Failures} failure(s), first {written.FirstError}");
            }

            var (at, exact) = listener.Wait(Deadline(), () => $"the floor's {layout.Count:N0} MACs never all appeared");
            result.Install = Stopwatch.GetElapsedTime(start, at);
            result.InstallExact = exact;
            Console.WriteLine($"  install {Seconds(result.Install)} (writer's own clock {written.Elapsed.TotalSeconds:F2} s); {listener.Counters}");
            result.Verified = InstallVerifier.Verify(lab, layout, listener, _options, 0).Text;
            Console.WriteLine($"  {result.Verified}");

            if (!_options.SkipLoss)
            {
                Settle();
                listener.ArmCount(0);
                start = Stopwatch.GetTimestamp();
                var removed = new RawFdbWriter(layout.VtepAddressOf).Remove(lab.Device, layout.Count);
                if (removed.Failures > 0)
                {
                    throw new InvalidOperationException($"floor writer remove: {removed.Failures} failure(s), first {removed.FirstError}");
                }

                (at, exact) = listener.Wait(Deadline(), () => "the floor's MACs never all went");
                result.Loss = Stopwatch.GetElapsedTime(start, at);
                result.LossExact = exact;
                result.FloodLeft = listener.FloodEntries;
                Console.WriteLine($"  remove {Seconds(result.Loss)} (writer's own clock {removed.Elapsed.TotalSeconds:F2} s)");
            }

            AddOverrunNote(result, listener);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
        {
            result.Failure = e.Message;
        }
        finally
        {
            Finish(lab, result);
        }

        return result;
    }

    /// <summary>A daemon receiving the pre-built stream from the injector over iBGP.</summary>
    public DutResult RunDaemon(IDaemonDut dut, RouteLayout layout, E2eStreams streams, int round)
    {
        var result = new DutResult(dut.Name, layout.Count, layout.Vteps, round);
        var lab = E2eLab.Create(_cleanup, ++_generation);
        var listener = new FdbListener(lab.DutNamespace, lab.VxlanIfindex, layout, _options.ListenerBufferBytes);
        BgpInjector? injector = null;
        try
        {
            var deadline = Deadline();
            dut.Start(lab, _cleanup, deadline);
            Mark(dut, "started", Stopwatch.GetTimestamp(), dut.Processes.Select(p => p.Pid));
            injector = BgpInjector.Open(lab.InjectorNamespace, E2eAddresses.DutAddress, deadline, () => Why(dut), out var refused);
            if (refused > 0)
            {
                result.Notes.Add($"closed {refused} connection(s) before its OPEN at start-up; the injector retried");
            }

            injector.WaitForDutVni(deadline, () => Why(dut));
            var session = injector;
            void Check()
            {
                foreach (var process in dut.Processes)
                {
                    process.ThrowIfExited();
                }

                session.ThrowIfDown(() => Why(dut));
            }

            // The type-3s first, untimed: the floor installs no flood entries, so the timed
            // install is the same N MACs for every DUT.
            _ = injector.WriteStream(streams.Flood);
            WaitFor(() => listener.FloodEntries >= layout.UsedVteps, Deadline(),
                () => $"{dut.Name} never installed the {layout.UsedVteps} flood entries (it has {listener.FloodEntries}); {Why(dut)}", Check);
            WaitIdle(dut, Deadline());
            Settle();

            var cpuBefore = Cpu(dut);
            listener.ArmCount(layout.Count);
            var start = injector.WriteStream(streams.Macs);
            var written = Stopwatch.GetTimestamp();
            var (at, exact) = listener.Wait(Deadline(), () => $"{dut.Name} never installed all {layout.Count:N0} MACs; {Why(dut)}", Check);
            result.Install = Stopwatch.GetElapsedTime(start, at);
            result.InstallExact = exact;
            var cpuAfter = WaitIdle(dut, Deadline());
            Mark(dut, "install-start", start);
            Mark(dut, "install-last", at);
            Mark(dut, "install-idle", Stopwatch.GetTimestamp());
            result.CpuSeconds = cpuAfter - cpuBefore;
            result.PeakRssBytes = dut.Processes.Sum(p => ProcStat.PeakRss(p.Pid));
            Console.WriteLine($"  install {Seconds(result.Install)} (stream of {streams.Macs.Bytes.Length / 1e6:F1} MB written in {Stopwatch.GetElapsedTime(start, written).TotalSeconds:F2} s), "
                + $"CPU {result.CpuSeconds:F2} s, peak RSS {result.PeakRssBytes / 1e6:F0} MB; {listener.Counters}");
            result.Verified = InstallVerifier.Verify(lab, layout, listener, _options, layout.UsedVteps).Text;
            Console.WriteLine($"  {result.Verified}");
            Hold(dut);

            if (!_options.SkipMove)
            {
                Settle();
                Move(injector, listener, layout, streams.Moves, result, Check);
                WaitIdle(dut, Deadline());
            }

            if (!_options.SkipLoss)
            {
                Settle();
                listener.ArmCount(0);
                start = Stopwatch.GetTimestamp();
                injector.Close();
                (at, exact) = listener.Wait(Deadline(), () => $"{dut.Name} never removed all MACs after the session loss; {Why(dut)}",
                    () => dut.Processes.ToList().ForEach(p => p.ThrowIfExited()));
                result.Loss = Stopwatch.GetElapsedTime(start, at);
                result.LossExact = exact;
                WaitIdle(dut, Deadline());
                Mark(dut, "loss-start", start);
                Mark(dut, "loss-last", at);
                Mark(dut, "loss-idle", Stopwatch.GetTimestamp());
                result.FloodLeft = listener.FloodEntries;
                Console.WriteLine($"  session loss: remote MACs gone in {Seconds(result.Loss)}, {result.FloodLeft} flood entries left after");
            }

            result.PeakRssBytes = Math.Max(result.PeakRssBytes ?? 0, dut.Processes.Sum(p => ProcStat.PeakRss(p.Pid)));
            AddOverrunNote(result, listener);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException or SocketException)
        {
            result.Failure = e.Message;
        }
        finally
        {
            injector?.Dispose();
            dut.Stop();
            listener.Dispose();
            Finish(lab, result);
        }

        return result;
    }

    /// <summary>
    /// MAC moves one at a time: each UPDATE (MAC Mobility sequence 1, from the move VTEP) is sent
    /// once the previous move was seen in the kernel; latency = send to the listener's notification
    /// of the new destination.
    /// </summary>
    private void Move(BgpInjector injector, FdbListener listener, RouteLayout layout, byte[][] moves, DutResult result, Action check)
    {
        var latencies = new List<double>(moves.Length);
        var inexact = 0;
        for (var m = 0; m < moves.Length; m++)
        {
            var index = layout.MovedIndex(m, moves.Length);
            listener.ArmMove(index, E2eAddresses.MoveVtep);
            var sent = injector.Write(moves[m]);
            var deadline = DateTime.UtcNow + (s_moveDeadline < _options.Timeout ? s_moveDeadline : _options.Timeout);
            var (at, exact) = listener.Wait(deadline,
                () => $"move {m + 1} of {moves.Length} ({BenchMacs.Text(index)} to {E2eAddresses.Text(E2eAddresses.MoveVtep)}) never reached the kernel "
                    + $"(it points at {E2eAddresses.Text(listener.DstOf(index))})", check);
            inexact += exact ? 0 : 1;
            latencies.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
        }

        latencies.Sort();
        result.MoveP50Ms = Percentile(latencies, 0.50);
        result.MoveP99Ms = Percentile(latencies, 0.99);
        result.MoveMaxMs = latencies[^1];
        if (inexact > 0)
        {
            result.Notes.Add($"{inexact} move(s) confirmed by the kernel after a listener overrun");
        }

        Console.WriteLine($"  {moves.Length} moves: p50 {result.MoveP50Ms:F2} ms, p99 {result.MoveP99Ms:F2} ms, max {result.MoveMaxMs:F2} ms");
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static void AddOverrunNote(DutResult result, FdbListener listener)
    {
        if (listener.Overruns > 0)
        {
            result.Notes.Add($"listener overran {listener.Overruns} time(s) (ENOBUFS): times marked ~ were confirmed by RTM_GETNEIGH");
        }
    }

    private void Mark(IDaemonDut dut, string phaseEvent, long timestamp, IEnumerable<int>? pids = null) =>
        PhaseMarks.Write(_options.PhaseMarks, dut.Name, phaseEvent, timestamp, pids);

    private void Hold(IDaemonDut dut)
    {
        if (_options.HoldSeconds <= 0)
        {
            return;
        }

        Console.WriteLine($"  holding {_options.HoldSeconds} s: {string.Join(", ", dut.Processes.Select(p => $"{p.Name} pid {p.Pid}"))}");
        Thread.Sleep(TimeSpan.FromSeconds(_options.HoldSeconds));
    }

    private void Finish(E2eLab lab, DutResult result)
    {
        if (result.Failure is not null)
        {
            Console.WriteLine($"  FAILED: {result.Failure}");
        }

        if (_options.KeepLogs is not null)
        {
            var target = Path.Combine(_options.KeepLogs, $"{result.Dut}-{result.Count}-{result.Vteps}-r{result.Round}");
            CopyDirectory(lab.Directory, target);
            Console.WriteLine($"  logs kept in {target}");
        }

        _cleanup.RemoveAll();
    }

    /// <summary>Copies configurations and logs (not sockets).</summary>
    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".sock", StringComparison.Ordinal) || file.EndsWith(".api", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>Waits until the daemons' CPU time stops growing (under 20 ms over half a second); returns it.</summary>
    private static double WaitIdle(IDaemonDut dut, DateTime deadline)
    {
        var before = Cpu(dut);
        while (true)
        {
            Thread.Sleep(500);
            var now = Cpu(dut);
            if (now - before < 0.02 || DateTime.UtcNow >= deadline)
            {
                return now;
            }

            before = now;
        }
    }

    private static double Cpu(IDaemonDut dut)
    {
        var total = 0.0;
        foreach (var process in dut.Processes)
        {
            process.ThrowIfExited();
            total += ProcStat.CpuSeconds(process.Pid);
        }

        return total;
    }

    /// <summary>A poll with a deadline, for untimed set-up steps.</summary>
    private static void WaitFor(Func<bool> condition, DateTime deadline, Func<string> failure, Action check)
    {
        while (!condition())
        {
            check();
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(failure());
            }

            Thread.Sleep(20);
        }
    }

    private static void Settle() => Console.WriteLine($"  {IdleCpu.Settle(s_settlePatience)}, load {File.ReadAllText("/proc/loadavg").Trim()}");

    private static string Why(IDaemonDut dut) => dut.Diagnostics();

    private static string Seconds(TimeSpan? time) => time is { } t ? $"{t.TotalSeconds:F2} s" : "-";

    private DateTime Deadline() => DateTime.UtcNow + _options.Timeout;
}
