using System.Diagnostics;
using System.Globalization;

namespace Evpnd.Bench.E2e;

/// <summary>
/// <c>--phase-marks FILE</c>: one line per phase boundary of a daemon DUT, appended as it happens,
/// for a profiler running beside the benchmark (bench/scripts/perf-stages):
/// <c>DUT EVENT SECONDS [PID...]</c>, SECONDS on CLOCK_MONOTONIC (the clock of Stopwatch on Linux and
/// of <c>perf record -k CLOCK_MONOTONIC</c>). Events: <c>started</c> (with the daemons' pids),
/// <c>install-start</c>, <c>install-last</c> (the last FDB entry seen), <c>install-idle</c> (the
/// daemons' CPU time stopped growing), <c>loss-start</c>, <c>loss-last</c>, <c>loss-idle</c>.
/// </summary>
internal static class PhaseMarks
{
    public static void Write(string? path, string dut, string phaseEvent, long stopwatchTimestamp, IEnumerable<int>? pids = null)
    {
        if (path is null)
        {
            return;
        }

        var seconds = (double)stopwatchTimestamp / Stopwatch.Frequency;
        var line = string.Create(CultureInfo.InvariantCulture, $"{dut} {phaseEvent} {seconds:F6}");
        if (pids is not null)
        {
            line += " " + string.Join(' ', pids);
        }

        File.AppendAllText(path, line + "\n");
    }
}
