namespace Evpnd.Bench.E2e;

/// <summary>What `evpnd-bench e2e` runs; see bench/README.md for each option.</summary>
internal sealed record E2eOptions
{
    public const string Floor = "floor";
    public const string Evpnd = "evpnd";
    public const string Frr = "frr";

    public IReadOnlyList<int> Counts { get; init; } = [100_000, 1_000_000];

    public IReadOnlyList<int> Vteps { get; init; } = [100, 1_000];

    /// <summary>Run in this order for every N and V: the floor first, as in kernel-install.</summary>
    public IReadOnlyList<string> Duts { get; init; } = [Floor, Evpnd, Frr];

    public int Repeat { get; init; } = 1;

    /// <summary>Deadline of every phase (start-up, install, each move, session loss).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    public int Moves { get; init; } = 1_000;

    public bool SkipMove { get; init; }

    public bool SkipLoss { get; init; }

    public int RoutesPerUpdate { get; init; } = 100;

    /// <summary>Up to this N the install is checked by a full dump; above it by a sample of gets.</summary>
    public int FullVerifyMax { get; init; } = 200_000;

    public int Samples { get; init; } = 2_000;

    public int ListenerBufferBytes { get; init; } = 256 * 1024 * 1024;

    /// <summary>evpnd.dll or the evpnd apphost; null: build src/Daemon of this checkout and use its evpnd.dll.</summary>
    public string? EvpndPath { get; init; }

    public bool NoBuild { get; init; }

    /// <summary>Measure this checkout's evpnd.dll under the dotnet host (JIT) instead of the Native AOT executable.</summary>
    public bool Jit { get; init; }

    /// <summary>Extra environment for evpnd (e.g. DOTNET_gcServer=0).</summary>
    public IReadOnlyDictionary<string, string> EvpndEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where to write an EventPipe trace (CPU samples + GC) of every evpnd run; null: none.</summary>
    public string? TraceDirectory { get; init; }

    /// <summary>Seconds to keep the DUT running after the install (to attach dotnet-counters/-trace to the pid printed).</summary>
    public int HoldSeconds { get; init; }

    /// <summary>Keep each DUT's directory (configs, logs) under this directory.</summary>
    public string? KeepLogs { get; init; }

    /// <summary>Append each daemon phase's boundaries (CLOCK_MONOTONIC) to this file, for a profiler; null: none.</summary>
    public string? PhaseMarks { get; init; }

    public bool Runs(string dut) => Duts.Contains(dut);
}
