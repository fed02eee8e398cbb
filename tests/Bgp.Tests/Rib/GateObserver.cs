using Evpnd.Bgp.Rib;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// An observer that holds the RIB worker's thread while its gate is closed: a RIB that cannot keep
/// up, made on purpose, so that the peers' inboxes fill.
/// </summary>
internal sealed class GateObserver : IBestPathObserver
{
    private readonly ManualResetEventSlim _open = new(true);

    /// <summary>Completes when the worker is held at the closed gate.</summary>
    public TaskCompletionSource Holding { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Close()
    {
        Holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _open.Reset();
    }

    public void Open() => _open.Set();

    public void BestPathsChanged(ReadOnlySpan<BestPathChange> changes)
    {
        if (!_open.IsSet)
        {
            Holding.TrySetResult();
            _open.Wait(TimeSpan.FromSeconds(60));
        }
    }
}
