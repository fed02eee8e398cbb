using System.Globalization;
using Evpnd.Bench.E2e;
using Evpnd.Bench.Kernel;
using Evpnd.Bench.Rib;

namespace Evpnd.Bench;

/// <summary>
/// evpnd's end-to-end benchmarks. They print figures (and a comparison with the reference each
/// issue names, measured in the same run); they are not tests.
/// </summary>
public static class Program
{
    private static readonly string[] s_e2eValues =
    [
        "--count", "--vteps", "--duts", "--repeat", "--timeout", "--moves", "--routes-per-update", "--full-verify-max",
        "--samples", "--listener-buffer-mb", "--evpnd", "--evpnd-env", "--trace", "--hold", "--keep-logs", "--phase-marks",
    ];

    private static readonly string[] s_e2eFlags = ["--skip-move", "--skip-loss", "--no-build", "--jit"];

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
            case "e2e":
                return E2e(rest);
            case "evpn-engine": return Evpn.EvpnEngineBenchmark.Run(Values(rest, "--routes").Select(Parse).DefaultIfEmpty(1_000_000).Last(), rest.Contains("--mac-ip"));
            default:
                return Usage();
        }
    }

    private static int E2e(string[] rest)
    {
        for (var i = 0; i < rest.Length; i++)
        {
            if (s_e2eValues.Contains(rest[i]) && i + 1 < rest.Length)
            {
                i++;
            }
            else if (!s_e2eFlags.Contains(rest[i]))
            {
                Console.Error.WriteLine($"e2e: unknown or incomplete option '{rest[i]}'");
                return Usage();
            }
        }

        var defaults = new E2eOptions();
        var counts = Values(rest, "--count").Select(Parse).ToList();
        var vteps = Values(rest, "--vteps").Select(Parse).ToList();
        var duts = Values(rest, "--duts").SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var unknown = duts.Except([E2eOptions.Floor, E2eOptions.Evpnd, E2eOptions.Frr]).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"e2e: unknown DUT(s) {string.Join(", ", unknown)} (floor, evpnd, frr)");
            return 2;
        }

        var environment = new Dictionary<string, string>();
        foreach (var pair in Values(rest, "--evpnd-env"))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                Console.Error.WriteLine($"e2e: --evpnd-env wants NAME=VALUE, not '{pair}'");
                return 2;
            }

            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        var options = new E2eOptions
        {
            Counts = counts.Count == 0 ? defaults.Counts : counts,
            Vteps = vteps.Count == 0 ? defaults.Vteps : vteps,
            // The floor first in every round, as kernel-install does; then the order given.
            Duts = duts.Count == 0 ? defaults.Duts : [.. defaults.Duts.Where(duts.Contains)],
            Repeat = Values(rest, "--repeat").Select(Parse).DefaultIfEmpty(defaults.Repeat).Last(),
            Timeout = TimeSpan.FromSeconds(Values(rest, "--timeout").Select(Parse).DefaultIfEmpty(300).Last()),
            Moves = Values(rest, "--moves").Select(Parse).DefaultIfEmpty(defaults.Moves).Last(),
            SkipMove = rest.Contains("--skip-move"),
            SkipLoss = rest.Contains("--skip-loss"),
            RoutesPerUpdate = Values(rest, "--routes-per-update").Select(Parse).DefaultIfEmpty(defaults.RoutesPerUpdate).Last(),
            FullVerifyMax = Values(rest, "--full-verify-max").Select(Parse).DefaultIfEmpty(defaults.FullVerifyMax).Last(),
            Samples = Values(rest, "--samples").Select(Parse).DefaultIfEmpty(defaults.Samples).Last(),
            ListenerBufferBytes = Values(rest, "--listener-buffer-mb").Select(Parse).DefaultIfEmpty(defaults.ListenerBufferBytes >> 20).Last() << 20,
            EvpndPath = Values(rest, "--evpnd").LastOrDefault(),
            NoBuild = rest.Contains("--no-build"),
            Jit = rest.Contains("--jit"),
            EvpndEnvironment = environment,
            TraceDirectory = Values(rest, "--trace").LastOrDefault(),
            HoldSeconds = Values(rest, "--hold").Select(Parse).DefaultIfEmpty(0).Last(),
            KeepLogs = Values(rest, "--keep-logs").LastOrDefault(),
            PhaseMarks = Values(rest, "--phase-marks").LastOrDefault(),
        };
        if (options.RoutesPerUpdate is < 1 or > 100 || options.Repeat < 1 || options.Counts.Any(c => c < 1) || options.Vteps.Any(v => v < 1 || v > 60_000))
        {
            Console.Error.WriteLine("e2e: --routes-per-update must be 1..100, --repeat at least 1, --count at least 1, --vteps 1..60000");
            return 2;
        }

        return E2eBenchmark.Run(options);
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: evpnd-bench kernel-install [--count N]... [--timeout S] [--full-verify-max N] [--samples N] [--no-diagnose] [--repeat R] [--writers a,c,c',d]");
        Console.Error.WriteLine("       evpnd-bench decode-rib [--routes N]");
        Console.Error.WriteLine("       evpnd-bench e2e [--count N]... [--vteps V]... [--duts floor,evpnd,frr] [--repeat R] [--timeout S] [--moves M] [--skip-move] [--skip-loss]");
        Console.Error.WriteLine("                       [--routes-per-update K] [--full-verify-max N] [--samples N] [--listener-buffer-mb MB] [--evpnd PATH] [--jit] [--no-build]");
        Console.Error.WriteLine("                       [--evpnd-env NAME=VALUE]... [--trace DIR] [--hold S] [--keep-logs DIR] [--phase-marks FILE]");
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
