using System.Globalization;

namespace Evpnd.Bench.E2e;

/// <summary>What /proc says about a daemon (proc(5)): peak resident set and CPU time.</summary>
internal static class ProcStat
{
    private static readonly double s_ticksPerSecond = E2eLibc.sysconf(E2eLibc._SC_CLK_TCK) is > 0 and var t ? t : 100;

    /// <summary>VmHWM of /proc/PID/status in bytes: the peak resident set size so far.</summary>
    public static long PeakRss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmHWM");
    }

    /// <summary>utime + stime of /proc/PID/stat (fields 14 and 15, all threads), in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / s_ticksPerSecond;
    }
}
