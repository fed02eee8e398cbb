namespace Evpnd.Bench.Kernel;

/// <summary>What the worker reported while the benchmark drove it.</summary>
internal sealed class WorkerEventTally
{
    public int Failures { get; set; }

    public int Overruns { get; set; }

    public int Resyncs { get; set; }

    public int RemoteFdbRemoved { get; set; }

    public string? FirstFailure { get; set; }

    public override string ToString() =>
        $"worker events: {Resyncs} resync(s) (the start one included), {Overruns} overrun(s), {Failures} failure(s), {RemoteFdbRemoved:N0} RemoteFdbRemoved echoes";
}
