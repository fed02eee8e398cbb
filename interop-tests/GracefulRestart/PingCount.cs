using System.Globalization;
using System.Text.RegularExpressions;
using Evpnd.Interop.Tests.Harness;

namespace Evpnd.Interop.Tests.GracefulRestart;

/// <summary>
/// A host pinging another every 50 ms (`ping -i 0.05`) for the whole of a restart: the replies'
/// icmp_seq numbers say how many were lost between the first and the last reply.
/// </summary>
internal sealed partial class PingCount
{
    private readonly DaemonProcess _ping;

    private PingCount(DaemonProcess ping)
    {
        _ping = ping;
    }

    public static async Task<PingCount> StartAsync(Lab lab, Netns from, string to)
    {
        DaemonProcess ping = lab.StartDaemon(from, $"ping-{to}", ["ping", "-n", "-i", "0.05", to]);
        await ping.WaitForLogLineAsync(line => line.Contains("bytes from", StringComparison.Ordinal), $"{from} to reach {to}");
        return new PingCount(ping);
    }

    public int Replies => Sequences().Count;

    /// <summary>Waits for <paramref name="more"/> further replies, then stops pinging.</summary>
    public async Task StopAfterAsync(int more)
    {
        int target = Replies + more;
        await Poll.UntilAsync(() => Task.FromResult(Replies), n => n >= target, $"{more} more ping replies", timeout: TimeSpan.FromSeconds(60));
        await _ping.StopAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>Requests without a reply between the first reply and the last.</summary>
    public int Lost
    {
        get
        {
            var seen = Sequences();
            return seen.Count == 0 ? 0 : seen.Max() - seen.Min() + 1 - seen.Count;
        }
    }

    public string Describe()
    {
        var seen = Sequences();
        return seen.Count == 0 ? "no replies" : $"{seen.Count} replies, icmp_seq {seen.Min()}..{seen.Max()}, {Lost} lost";
    }

    private HashSet<int> Sequences()
    {
        var seen = new HashSet<int>();
        foreach (string line in _ping.LogLines)
        {
            if (SequencePattern().Match(line) is { Success: true } m)
            {
                seen.Add(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }
        return seen;
    }

    [GeneratedRegex(@"bytes from .*icmp_seq=(\d+)")]
    private static partial Regex SequencePattern();
}
