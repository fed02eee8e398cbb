namespace Evpnd.Bench.Kernel;

/// <summary>Arguments of `kernel-install`.</summary>
internal sealed record KernelInstallOptions(IReadOnlyList<int> Counts, TimeSpan Timeout, int FullVerifyMax, int Samples, bool Diagnose, int Repeat);
