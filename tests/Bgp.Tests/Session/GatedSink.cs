using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>
/// A RIB that stops taking UPDATEs while its gate is closed, as a full inbox does: the read loop
/// then waits for it (our own back-pressure).
/// </summary>
internal sealed class GatedSink : IBgpSessionSink
{
    private readonly object _lock = new();
    private TaskCompletionSource? _gate;

    public BgpPeerSession? Session { get; private set; }

    public int Updates { get; private set; }

    /// <summary>Completes when an UPDATE arrived at the closed gate (the read loop is now waiting).</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Close()
    {
        lock (_lock)
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Open()
    {
        TaskCompletionSource? gate;
        lock (_lock)
        {
            gate = _gate;
            _gate = null;
        }
        gate?.TrySetResult();
    }

    public void PeerUp(BgpPeerSession session) => Session = session;

    public ValueTask UpdateReceivedAsync(BgpPeerSession session, ReadOnlyMemory<byte> update, UpdateValidation validation, CancellationToken cancellationToken)
    {
        Task? wait;
        lock (_lock)
        {
            Updates++;
            wait = _gate?.Task;
        }
        if (wait is null)
        {
            return default;
        }
        Held.TrySetResult();
        return new ValueTask(wait.WaitAsync(cancellationToken));
    }

    public ValueTask RouteRefreshReceivedAsync(BgpPeerSession session, RouteRefreshMessage message, CancellationToken cancellationToken) => default;

    public void SendQueueDrained(BgpPeerSession session)
    {
    }

    public void PeerDown(BgpPeerSession session, string reason)
    {
    }
}
