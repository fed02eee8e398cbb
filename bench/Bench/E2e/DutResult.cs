namespace Evpnd.Bench.E2e;

/// <summary>
/// One DUT's figures for one N, V and round. Times are from the first byte (UPDATE or netlink
/// request) to the listener's last notification; a time marked inexact was confirmed by asking
/// the kernel after the listener overran (an upper bound). Null: not measured (or failed).
/// </summary>
internal sealed record DutResult(string Dut, int Count, int Vteps, int Round)
{
    public TimeSpan? Install { get; set; }

    public bool InstallExact { get; set; } = true;

    public long? PeakRssBytes { get; set; }

    public double? CpuSeconds { get; set; }

    public TimeSpan? Loss { get; set; }

    public bool LossExact { get; set; } = true;

    /// <summary>Flood entries still in the kernel once the remote MACs were gone after the session loss.</summary>
    public int? FloodLeft { get; set; }

    public double? MoveP50Ms { get; set; }

    public double? MoveP99Ms { get; set; }

    public double? MoveMaxMs { get; set; }

    public string Verified { get; set; } = "-";

    public string? Failure { get; set; }

    public List<string> Notes { get; } = [];
}
