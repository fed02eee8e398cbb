using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Evpnd.KernelSync;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// evpnd's KernelSync path as the daemon runs it: a <see cref="KernelSyncWorker"/> (monitor
/// subscribed, start-up reconcile, ownership record) fed a channel of <see cref="RemoteMacWanted"/>,
/// then <see cref="RemoteMacWithdrawn"/>, commands. The worker says nothing when a batch lands,
/// so the install is closed by a sentinel command for a device that does not exist: its
/// ProgrammingFailed (ENODEV) comes out only after the flush that carried it, i.e. after every
/// MAC before it was ACKed. The removal ends when the command channel completes and the worker
/// has programmed everything and returned.
/// </summary>
internal sealed class WorkerSession : IAsyncDisposable
{
    private const int Enodev = 19;

    private readonly Channel<KernelCommand> _commands = Channel.CreateUnbounded<KernelCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<KernelEvent> _events = Channel.CreateUnbounded<KernelEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _stateDirectory;
    private TaskCompletionSource _sentinelSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _worker = Task.CompletedTask;
    private Task _drain = Task.CompletedTask;

    public WorkerSession(VxlanDevice device)
    {
        Device = device;
        _stateDirectory = Path.Combine(Path.GetTempPath(), $"evpnd-bench-{Environment.ProcessId}-state-{device.VxlanIfindex}");
        Directory.CreateDirectory(_stateDirectory);
    }

    public VxlanDevice Device { get; }

    public WorkerEventTally Tally { get; } = new();

    public async Task StartAsync(TimeSpan timeout)
    {
        var worker = new KernelSyncWorker(new KernelSyncOptions
        {
            NetworkNamespace = Device.Namespace,
            StateDirectory = _stateDirectory,
            // Longer than any run: no grace-period reconcile in the middle of a measurement.
            GracePeriod = TimeSpan.FromHours(1),
        });
        _drain = Task.Run(DrainAsync);
        _worker = Task.Factory.StartNew(
            () => worker.RunAsync(_commands.Reader, _events.Writer, _stop.Token),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();
        await WaitAsync(_started.Task, timeout).ConfigureAwait(false);
    }

    /// <summary>Posts every entry, then the sentinel, and returns when the sentinel failed.</summary>
    public async Task<WriterResult> InstallAsync(RemoteMacEntry[] entries, TimeSpan timeout)
    {
        var commands = entries.Select(e => (KernelCommand)new RemoteMacWanted(e)).ToArray();
        var sentinel = new RemoteMacWanted(new RemoteMacEntry(int.MaxValue, 0, MacAddress.Parse("02:ff:ff:ff:ff:ff"), IPAddress.Parse(BenchMacs.RemoteVtep)));
        _sentinelSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failuresBefore = Tally.Failures;
        var watch = Stopwatch.StartNew();
        foreach (var command in commands)
        {
            _commands.Writer.TryWrite(command);
        }

        _commands.Writer.TryWrite(sentinel);
        await WaitAsync(_sentinelSeen.Task, timeout).ConfigureAwait(false);
        return new WriterResult(watch.Elapsed, Tally.Failures - failuresBefore, Tally.FirstFailure);
    }

    /// <summary>Posts a withdrawal per entry, closes the channel and waits for the worker to finish.</summary>
    public async Task<WriterResult> RemoveAsync(RemoteMacEntry[] entries, TimeSpan timeout)
    {
        var commands = entries.Select(e => (KernelCommand)new RemoteMacWithdrawn(e)).ToArray();
        var failuresBefore = Tally.Failures;
        var watch = Stopwatch.StartNew();
        foreach (var command in commands)
        {
            _commands.Writer.TryWrite(command);
        }

        _commands.Writer.TryComplete();
        await _worker.WaitAsync(timeout).ConfigureAwait(false);
        return new WriterResult(watch.Elapsed, Tally.Failures - failuresBefore, Tally.FirstFailure);
    }

    public async ValueTask DisposeAsync()
    {
        _commands.Writer.TryComplete();
        _stop.Cancel();
        try
        {
            await _worker.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }

        _events.Writer.TryComplete();
        await _drain.ConfigureAwait(false);
        _stop.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    /// <summary>Waits for <paramref name="signal"/>, failing early if the worker itself fails.</summary>
    private async Task WaitAsync(Task signal, TimeSpan timeout)
    {
        var first = await Task.WhenAny(signal, _worker).WaitAsync(timeout).ConfigureAwait(false);
        if (first == _worker && !signal.IsCompleted)
        {
            await _worker.ConfigureAwait(false);
            throw new InvalidOperationException("the KernelSync worker stopped early");
        }
    }

    private async Task DrainAsync()
    {
        await foreach (var e in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            switch (e)
            {
                case KernelResynchronised:
                    Tally.Resyncs++;
                    _started.TrySetResult();
                    break;
                case ProgrammingFailed { Failure.Errno: Enodev }:
                    _sentinelSeen.TrySetResult();
                    break;
                case ProgrammingFailed failed:
                    Tally.Failures++;
                    Tally.FirstFailure ??= $"{failed.Failure.Operation}: errno {failed.Failure.Errno} {failed.Failure.ExtendedAck}";
                    break;
                case KernelOverrun:
                    Tally.Overruns++;
                    break;
                case RemoteFdbRemoved:
                    Tally.RemoteFdbRemoved++;
                    break;
            }
        }
    }
}
