namespace Evpnd.Daemon.Hosting;

/// <summary>
/// What systemd is told: evpnd is ready (READY=1) once the BGP listener and the control socket
/// are bound and the kernel worker has read the kernel's state, and alive (WATCHDOG=1) while
/// every worker that asked to be watched has beaten within the watchdog time. The workers'
/// owners call <see cref="MarkListening"/>, <see cref="MarkKernelReady"/>, <see cref="Watch"/>
/// and <see cref="Beat"/>; <see cref="SystemdNotifierService"/> reads them. Thread-safe: each
/// worker beats from its own thread.
/// </summary>
internal sealed class ReadinessGate(TimeProvider time)
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _kernel = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, long> _beats = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Completes once evpnd is ready to serve.</summary>
    public Task Ready => Task.WhenAll(_listening.Task, _kernel.Task);

    public bool IsListening => _listening.Task.IsCompleted;

    public bool IsKernelReady => _kernel.Task.IsCompleted;

    /// <summary>The BGP listener (or, with `listen: false`, the session engine) and the control socket are up.</summary>
    public void MarkListening() => _listening.TrySetResult();

    /// <summary>The kernel worker has dumped and reconciled the kernel's state (its "start" resynchronisation).</summary>
    public void MarkKernelReady() => _kernel.TrySetResult();

    /// <summary>From now on the watchdog ping needs a beat from <paramref name="worker"/>; counts as one beat.</summary>
    public void Watch(string worker) => Beat(worker);

    /// <summary>The worker's loop went round: call it from the loop itself, not from a timer beside it.</summary>
    public void Beat(string worker)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            _beats[worker] = now;
        }
    }

    /// <summary>The watched workers that have not beaten within <paramref name="window"/>; empty when all are alive.</summary>
    public IReadOnlyList<string> Silent(TimeSpan window)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            return [.. _beats.Where(b => time.GetElapsedTime(b.Value, now) > window).Select(b => b.Key).Order(StringComparer.Ordinal)];
        }
    }
}
