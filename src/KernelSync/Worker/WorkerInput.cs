namespace Evpnd.KernelSync;

/// <summary>
/// What reaches <see cref="KernelSyncWorker"/>'s inbox besides requests: a kernel event, its own
/// grace timer, or the monitor's failure. A closed set, switched over without a discard arm.
/// </summary>
internal readonly record struct WorkerInput(WorkerInputKind Kind, MonitorEvent? Event = null, Exception? Failure = null)
{
    public static readonly WorkerInput GraceExpired = new(WorkerInputKind.GraceExpired);

    public static WorkerInput Kernel(MonitorEvent kernelEvent) => new(WorkerInputKind.Kernel, kernelEvent);

    public static WorkerInput MonitorFailed(Exception failure) => new(WorkerInputKind.MonitorFailed, Failure: failure);
}

internal enum WorkerInputKind
{
    Kernel,
    GraceExpired,
    MonitorFailed,
}
