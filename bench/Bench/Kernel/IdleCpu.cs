using System.Globalization;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// Waits for the machine to go idle before a writer is timed. Deleting a device that held a
/// million entries, or a large delete, leaves the kernel freeing memory in the background
/// (RCU callbacks, kworkers) for seconds; the writer measured next would pay for it, and the
/// floor, measured first in every round, never does.
/// </summary>
internal static class IdleCpu
{
    private const double IdleEnough = 0.9;

    /// <summary>Returns once the CPUs were at least 90% idle over a quarter second, or after <paramref name="patience"/>.</summary>
    public static string Settle(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var waited = TimeSpan.Zero;
        var idle = 0.0;
        while (DateTime.UtcNow < deadline)
        {
            var (busy0, idle0) = Read();
            Thread.Sleep(250);
            waited += TimeSpan.FromMilliseconds(250);
            var (busy1, idle1) = Read();
            var total = (busy1 - busy0) + (idle1 - idle0);
            idle = total == 0 ? 1 : (double)(idle1 - idle0) / total;
            if (idle >= IdleEnough)
            {
                break;
            }
        }

        return $"machine {idle:P0} idle after {waited.TotalSeconds:F2} s";
    }

    /// <summary>The "cpu" line of /proc/stat: (busy, idle + iowait) jiffies.</summary>
    private static (long Busy, long Idle) Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = fields.Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + values[4];
        return (values.Sum() - idle, idle);
    }
}
