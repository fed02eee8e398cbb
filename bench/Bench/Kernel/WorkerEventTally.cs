namespace Evpnd.Bench.Kernel;

/// <summary>What the worker reported while the benchmark drove it.</summary>
internal sealed class WorkerEventTally
{
    public int Failures;
    public int Overruns;
    public int Resyncs;
    public int RemoteFdbRemoved;
    public string? FirstFailure;

    public override string ToString() =>
        $"worker events: {Resyncs} resync(s) (the start one included), {Overruns} overrun(s), {Failures} failure(s), {RemoteFdbRemoved:N0} RemoteFdbRemoved echoes";
}
