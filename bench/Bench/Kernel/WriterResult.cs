namespace Evpnd.Bench.Kernel;

/// <summary>What one install or remove pass of a writer did, timed.</summary>
internal sealed record WriterResult(TimeSpan Elapsed, int Failures, string? FirstError);
