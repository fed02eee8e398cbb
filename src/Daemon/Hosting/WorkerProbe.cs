namespace Evpnd.Daemon.Hosting;

/// <summary>
/// A watchdog check for a worker that takes requests through its own inbox: a request that the
/// worker's loop answers proves the loop turns, which a beat from a timer beside it would not.
/// </summary>
internal sealed record WorkerProbe(string Worker, Func<CancellationToken, Task> Ask);
