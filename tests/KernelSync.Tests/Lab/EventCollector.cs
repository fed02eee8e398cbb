using System.Threading.Channels;

namespace Evpnd.KernelSync.Tests.Lab;

/// <summary>Reads a monitor's events in the background so a test can await one with a deadline.</summary>
internal sealed class EventCollector : IAsyncDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(15);

    private readonly Channel<KernelEvent> _events = Channel.CreateUnbounded<KernelEvent>();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<KernelEvent> _seen = [];
    private readonly Task _reader;

    public EventCollector(KernelMonitor monitor)
    {
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var kernelEvent in monitor.ReadEventsAsync(_stop.Token))
                {
                    await _events.Writer.WriteAsync(kernelEvent);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                _events.Writer.TryComplete(e);
                return;
            }

            _events.Writer.TryComplete();
        });
    }

    public IReadOnlyList<KernelEvent> Seen => _seen;

    /// <summary>Waits for the first event of type T matching the predicate; fails the test at the deadline.</summary>
    public async Task<T> WaitFor<T>(Func<T, bool> predicate, string what)
        where T : KernelEvent
    {
        using var timeout = new CancellationTokenSource(s_deadline);
        try
        {
            while (true)
            {
                var kernelEvent = await _events.Reader.ReadAsync(timeout.Token);
                _seen.Add(kernelEvent);
                if (kernelEvent is T match && predicate(match))
                {
                    return match;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No {what} within {s_deadline.TotalSeconds} s. Seen: {string.Join("; ", _seen.TakeLast(20))}");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _reader;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
