using System.Threading.Channels;

namespace Evpnd.KernelSync.Tests.Lab;

/// <summary>
/// A <see cref="KernelSyncWorker"/> running in a lab namespace with a state directory of its own:
/// requests in, every event kept in <see cref="Seen"/> in order. Disposing stops the worker and
/// removes the state directory unless the caller gave it.
/// </summary>
internal sealed class WorkerRun : IAsyncDisposable
{
    private readonly Channel<KernelSyncRequest> _requests = Channel.CreateUnbounded<KernelSyncRequest>();
    private readonly Channel<KernelEvent> _events = Channel.CreateUnbounded<KernelEvent>();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _state;
    private readonly bool _ownsState;
    private readonly Task _run;
    private readonly List<KernelEvent> _seen = [];
    private int _waited;

    private WorkerRun(VxlanLab lab, TimeSpan grace, string? state, int receiveBufferBytes)
    {
        _ownsState = state is null;
        _state = state ?? Directory.CreateTempSubdirectory($"evk-{Environment.ProcessId}-worker-").FullName;
        var worker = new KernelSyncWorker(new KernelSyncOptions
        {
            NetworkNamespace = lab.Vtep.Name,
            StateDirectory = _state,
            GracePeriod = grace,
            ReceiveBufferBytes = receiveBufferBytes,
        });
        _run = Task.Run(() => worker.RunAsync(_requests.Reader, _events.Writer, _stop.Token));
    }

    public IReadOnlyList<KernelEvent> Seen => _seen;

    public static WorkerRun Start(VxlanLab lab, TimeSpan? grace = null, string? state = null, int receiveBufferBytes = KernelMonitor.DefaultReceiveBufferBytes) =>
        new(lab, grace ?? TimeSpan.FromMinutes(2), state, receiveBufferBytes);

    public ValueTask Apply(params DataplaneIntent[] intents)
    {
        var batch = new DataplaneIntentBatch(intents.Length);
        foreach (var intent in intents)
        {
            batch.Add(intent);
        }

        return Post(new ApplyIntents(batch));
    }

    public ValueTask Post(KernelSyncRequest request) => _requests.Writer.WriteAsync(request);

    /// <summary>Asks the worker what it owns and wants (`evpnd show kernel`); fails the test after 15 s.</summary>
    public async Task<KernelInspection> Inspect(Vni? vni, bool withEntries)
    {
        var request = new InspectKernel(vni, withEntries);
        await Post(request);
        return await request.Result.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>
    /// The next event after the one the last wait returned (collected already or still to come)
    /// that matches; fails the test after the deadline.
    /// </summary>
    public async Task<T> WaitFor<T>(Func<T, bool> match, double seconds = 15)
        where T : KernelEvent
    {
        for (; _waited < _seen.Count; _waited++)
        {
            if (_seen[_waited] is T already && match(already))
            {
                _waited++;
                return already;
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(timeout.Token);
                _seen.Add(next);
                _waited = _seen.Count;
                if (next is T candidate && match(candidate))
                {
                    return candidate;
                }
            }
        }
        catch (OperationCanceledException)
        {
            if (_run.IsFaulted)
            {
                Assert.Fail($"The worker failed: {_run.Exception}");
            }

            Assert.Fail($"No matching {typeof(T).Name} within {seconds} s. Seen: {string.Join("; ", _seen.TakeLast(10))}");
            throw;
        }
    }

    /// <summary>Completes the requests, waits for the worker to program them and stop, and collects the remaining events.</summary>
    public async Task CompleteAsync()
    {
        _requests.Writer.TryComplete();
        await _run.WaitAsync(TimeSpan.FromSeconds(120));
        Drain();
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        _stop.Cancel();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
        }

        Drain();
        _stop.Dispose();
        if (_ownsState)
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    private void Drain()
    {
        while (_events.Reader.TryRead(out var e))
        {
            _seen.Add(e);
        }
    }
}
