namespace Evpnd.KernelSync;

/// <summary>Internal wake-ups of <see cref="KernelSyncWorker"/>'s inbox.</summary>
internal sealed class WorkerSignal
{
    public static readonly WorkerSignal GraceExpired = new();


    private WorkerSignal()
    {
    }
}
