namespace Evpnd.Bench.Kernel;

/// <summary>Arguments of `kernel-install`.</summary>
internal sealed record KernelInstallOptions(IReadOnlyList<int> Counts, TimeSpan Timeout, int FullVerifyMax, int Samples, bool Diagnose, int Repeat, IReadOnlySet<string>? Writers = null)
{
    /// <summary>True when the writer named by its letter (a, c, c', d) is to run; (b), the floor, always runs.</summary>
    public bool Runs(string writer) => Writers is null || Writers.Contains(writer);
}
