using System.Diagnostics;
using System.Threading.Channels;
using Evpnd.KernelSync;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// evpnd's KernelSync path as the daemon runs it: a <see cref="KernelSyncWorker"/> (monitor
/// subscribed, start-up reconcile, ownership record, VNI resolved to the device) fed
/// <see cref="ApplyIntents"/> batches of remote-MAC intents for VNI 100, then of withdrawals. The
/// install ends when the last, empty batch's <see cref="ApplyIntents.Programmed"/> completes, i.e.
/// after every MAC before it was ACKed. The removal ends when the request channel completes and
/// the worker has programmed everything and returned.
/// </summary>
internal sealed class WorkerSession : IAsyncDisposable
{
    private const int BatchSize = 1024;

    private readonly Channel<KernelSyncRequest> _commands = Channel.CreateUnbounded<KernelSyncRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<KernelEvent> _events = Channel.CreateUnbounded<KernelEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _stateDirectory;
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

    /// <summary>Posts every entry in batches, then an empty batch, and returns when that one is programmed.</summary>
    public async Task<WriterResult> InstallAsync(RemoteMacEntry[] entries, TimeSpan timeout)
    {
        var batches = Batches(entries, e => DataplaneIntent.RemoteMac(Vni, e.Mac, IpAddressValue.From(e.RemoteVtep), e.Sticky));
        var programmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failuresBefore = Tally.Failures;
        var watch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            _commands.Writer.TryWrite(new ApplyIntents(batch));
        }

        _commands.Writer.TryWrite(new ApplyIntents(new DataplaneIntentBatch()) { Programmed = programmed });
        await WaitAsync(programmed.Task, timeout).ConfigureAwait(false);
        return new WriterResult(watch.Elapsed, Tally.Failures - failuresBefore, Tally.FirstFailure);
    }

    /// <summary>Posts a withdrawal per entry, closes the channel and waits for the worker to finish.</summary>
    public async Task<WriterResult> RemoveAsync(RemoteMacEntry[] entries, TimeSpan timeout)
    {
        var batches = Batches(entries, e => DataplaneIntent.RemoteMacGone(Vni, e.Mac));
        var failuresBefore = Tally.Failures;
        var watch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            _commands.Writer.TryWrite(new ApplyIntents(batch));
        }

        _commands.Writer.TryComplete();
        await _worker.WaitAsync(timeout).ConfigureAwait(false);
        return new WriterResult(watch.Elapsed, Tally.Failures - failuresBefore, Tally.FirstFailure);
    }

    /// <summary>The bench's VXLAN devices all carry VNI 100 (one at a time).</summary>
    private static readonly Vni Vni = new(100);

    /// <summary>Built before the clock starts, as the EVPN worker hands over batches it already holds.</summary>
    private static List<DataplaneIntentBatch> Batches(RemoteMacEntry[] entries, Func<RemoteMacEntry, DataplaneIntent> intent)
    {
        var batches = new List<DataplaneIntentBatch>();
        foreach (var chunk in entries.Chunk(BatchSize))
        {
            var batch = new DataplaneIntentBatch(chunk.Length);
            foreach (var entry in chunk)
            {
                batch.Add(intent(entry));
            }

            batches.Add(batch);
        }

        return batches;
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
                case ProgrammingFailed failed:
                    Tally.Failures += failed.Count;
                    Tally.FirstFailure ??= $"{failed.Failure.Operation}: errno {failed.Failure.Errno} {failed.Failure.ExtendedAck}";
                    break;
                case KernelOverrun:
                    Tally.Overruns++;
                    break;
                case RemoteFdbRemovals removals:
                    Tally.RemoteFdbRemoved += removals.Entries.Length;
                    break;
            }
        }
    }
}
