using System.Globalization;
using Evpnd.Bench.Kernel;
using Evpnd.Bench.Rib;

namespace Evpnd.Bench;

/// <summary>
/// evpnd's end-to-end benchmarks. They print figures (and a comparison with the reference each
/// issue names, measured in the same run); they are not tests.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            return Usage();
        }

        var rest = args.AsSpan(1).ToArray();
        switch (args[0])
        {
            case "kernel-install":
                var counts = Values(rest, "--count").Select(Parse).ToList();
                var options = new KernelInstallOptions(
                    counts.Count == 0 ? [100_000] : counts,
                    TimeSpan.FromSeconds(Values(rest, "--timeout").Select(Parse).DefaultIfEmpty(300).Last()),
                    Values(rest, "--full-verify-max").Select(Parse).DefaultIfEmpty(200_000).Last(),
                    Values(rest, "--samples").Select(Parse).DefaultIfEmpty(2_000).Last(),
                    !rest.Contains("--no-diagnose"),
                    Values(rest, "--repeat").Select(Parse).DefaultIfEmpty(1).Last(),
                    Values(rest, "--writers").Select(w => (IReadOnlySet<string>)w.Split(',').ToHashSet()).LastOrDefault());
                return await KernelInstallBenchmark.RunAsync(options).ConfigureAwait(false);
            case "decode-rib":
                var routes = Values(rest, "--routes").Select(Parse).DefaultIfEmpty(1_000_000).Last();
                return await DecodeRibBenchmark.RunAsync(routes).ConfigureAwait(false);
            case "evpn-engine": return Evpn.EvpnEngineBenchmark.Run(Values(rest, "--routes").Select(Parse).DefaultIfEmpty(1_000_000).Last(), rest.Contains("--mac-ip"));
            default:
                return Usage();
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: evpnd-bench kernel-install [--count N]... [--timeout S] [--full-verify-max N] [--samples N] [--no-diagnose] [--repeat R] [--writers a,c,c',d]");
        Console.Error.WriteLine("       evpnd-bench decode-rib [--routes N]");
        return 2;
    }

    private static IEnumerable<string> Values(string[] args, string name)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                yield return args[i + 1];
            }
        }
    }

    private static int Parse(string text) => int.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
