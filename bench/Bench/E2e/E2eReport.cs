using System.Globalization;
using System.Text;

namespace Evpnd.Bench.E2e;

/// <summary>
/// The table of a run (one row per DUT, N, V; the best of the rounds for each column, as
/// kernel-install reports) and issue 9's targets beside it, met or not, with FRR's figure.
/// </summary>
internal static class E2eReport
{
    public static void Print(IReadOnlyList<DutResult> results, E2eOptions options)
    {
        var rows = results.GroupBy(r => (r.Dut, r.Count, r.Vteps)).Select(Best).ToList();
        Console.WriteLine();
        Console.WriteLine(options.Repeat > 1 ? $"best of {options.Repeat} rounds per column:" : "results:");
        Console.WriteLine($"{"DUT",-6} {"N",10} {"V",5} {"install s",10} {"vs floor",9} {"peak RSS MB",12} {"B/route",8} {"CPU s",7} {"loss s",8} {"vs floor",9} {"move p50 ms",12} {"p99 ms",8}  verified");
        foreach (var row in rows)
        {
            var floor = rows.FirstOrDefault(r => r.Dut == E2eOptions.Floor && r.Count == row.Count && r.Vteps == row.Vteps);
            var line = new StringBuilder();
            line.Append(CultureInfo.InvariantCulture, $"{row.Dut,-6} {row.Count,10:N0} {row.Vteps,5:N0} ");
            line.Append(CultureInfo.InvariantCulture, $"{Time(row.Install, row.InstallExact),10} {Ratio(row.Install, floor?.Install),9} ");
            line.Append(CultureInfo.InvariantCulture, $"{(row.PeakRssBytes is long rss ? (rss / 1e6).ToString("N0", CultureInfo.InvariantCulture) : "-"),12} ");
            line.Append(CultureInfo.InvariantCulture, $"{(row.PeakRssBytes is long b ? (b / (double)row.Count).ToString("N0", CultureInfo.InvariantCulture) : "-"),8} ");
            line.Append(CultureInfo.InvariantCulture, $"{(row.CpuSeconds is double cpu ? cpu.ToString("F2", CultureInfo.InvariantCulture) : "-"),7} ");
            line.Append(CultureInfo.InvariantCulture, $"{Time(row.Loss, row.LossExact),8} {Ratio(row.Loss, floor?.Loss),9} ");
            line.Append(CultureInfo.InvariantCulture, $"{Ms(row.MoveP50Ms),12} {Ms(row.MoveP99Ms),8}  ");
            line.Append(row.Failure is not null ? "FAILED" : row.Verified.StartsWith("ok", StringComparison.Ordinal) ? "ok" : row.Verified);
            Console.WriteLine(line);
        }

        foreach (var failed in results.Where(r => r.Failure is not null))
        {
            Console.WriteLine($"failed: {failed.Dut} N={failed.Count:N0} V={failed.Vteps} round {failed.Round}: {FirstLine(failed.Failure!)}");
        }

        foreach (var note in results.SelectMany(r => r.Notes.Select(n => $"note: {r.Dut} N={r.Count:N0} V={r.Vteps} round {r.Round}: {n}")).Distinct())
        {
            Console.WriteLine(note);
        }

        PrintTargets(rows);
    }

    private static void PrintTargets(List<DutResult> rows)
    {
        Console.WriteLine();
        Console.WriteLine("issue 9 targets (evpnd; FRR 8.4 beside it):");
        foreach (var evpnd in rows.Where(r => r.Dut == E2eOptions.Evpnd))
        {
            var floor = rows.FirstOrDefault(r => r.Dut == E2eOptions.Floor && r.Count == evpnd.Count && r.Vteps == evpnd.Vteps);
            var frr = rows.FirstOrDefault(r => r.Dut == E2eOptions.Frr && r.Count == evpnd.Count && r.Vteps == evpnd.Vteps);
            var where = $"N={evpnd.Count:N0} V={evpnd.Vteps}";
            Target($"install within 1.2x of the floor, {where}", Factor(evpnd.Install, floor?.Install), 1.2, "x", Factor(frr?.Install, floor?.Install));
            var rssLimit = evpnd.Count == 1_000_000 ? 350 : evpnd.Count == 100_000 ? 80 : (double?)null;
            if (rssLimit is double limit)
            {
                Target($"peak RSS <= {limit:N0} MB, {where}", evpnd.PeakRssBytes / 1e6, limit, " MB", frr?.PeakRssBytes / 1e6);
            }

            Target($"session loss within 1.2x of the floor's remove, {where}", Factor(evpnd.Loss, floor?.Loss), 1.2, "x", Factor(frr?.Loss, floor?.Loss));
            Target($"MAC move p50 <= 3 ms, {where}", evpnd.MoveP50Ms, 3, " ms", frr?.MoveP50Ms);
            Target($"MAC move p99 <= 20 ms, {where}", evpnd.MoveP99Ms, 20, " ms", frr?.MoveP99Ms);
        }
    }

    private static void Target(string what, double? value, double limit, string unit, double? frr)
    {
        var measured = value is double v ? v.ToString(unit == "x" ? "F2" : unit == " ms" ? "F2" : "N0", CultureInfo.InvariantCulture) + unit : "not measured";
        var verdict = value is double m ? (m <= limit ? "met" : "NOT met") : "-";
        var beside = frr is double f ? $" (FRR {f.ToString(unit == " MB" ? "N0" : "F2", CultureInfo.InvariantCulture)}{unit})" : "";
        Console.WriteLine($"  {what,-66} {measured,14}  {verdict,-7}{beside}");
    }

    /// <summary>The best (smallest) figure of each column over the rounds; failed rounds count for nothing.</summary>
    private static DutResult Best(IGrouping<(string Dut, int Count, int Vteps), DutResult> rounds)
    {
        var ok = rounds.Where(r => r.Failure is null).ToList();
        var first = rounds.First();
        if (ok.Count == 0)
        {
            return first;
        }

        var best = new DutResult(first.Dut, first.Count, first.Vteps, 0)
        {
            PeakRssBytes = ok.Min(r => r.PeakRssBytes),
            CpuSeconds = ok.Min(r => r.CpuSeconds),
            MoveP50Ms = ok.Min(r => r.MoveP50Ms),
            MoveP99Ms = ok.Min(r => r.MoveP99Ms),
            Verified = ok.All(r => r.Verified.StartsWith("ok", StringComparison.Ordinal)) ? "ok" : "see above",
        };
        var install = ok.Where(r => r.Install is not null).MinBy(r => r.Install);
        best.Install = install?.Install;
        best.InstallExact = install?.InstallExact ?? true;
        var loss = ok.Where(r => r.Loss is not null).MinBy(r => r.Loss);
        best.Loss = loss?.Loss;
        best.LossExact = loss?.LossExact ?? true;
        return best;
    }

    private static double? Factor(TimeSpan? value, TimeSpan? floor) =>
        value is { } v && floor is { } f && f > TimeSpan.Zero ? v / f : null;

    private static string Ratio(TimeSpan? value, TimeSpan? floor) =>
        Factor(value, floor) is double r ? r.ToString("F2", CultureInfo.InvariantCulture) + "x" : "-";

    private static string Time(TimeSpan? time, bool exact) =>
        time is { } t ? (exact ? "" : "~") + t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Ms(double? value) => value is double v ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string FirstLine(string text) => text.Split('\n')[0];
}
