using Evpnd.Bgp.Rib;

namespace Evpnd.Bench.Rib;

/// <summary>
/// Stands in for the EVPN import layer: counts best-path changes and signals when the expected
/// number has arrived, i.e. when the RIB worker has decided every route.
/// </summary>
internal sealed class CountingObserver : IBestPathObserver
{
    private readonly int _expected;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CountingObserver(int expected)
    {
        _expected = expected;
    }

    public int Changes { get; private set; }

    public Task Done => _done.Task;

    public void BestPathsChanged(ReadOnlySpan<BestPathChange> changes)
    {
        Changes += changes.Length;
        if (Changes >= _expected)
        {
            _done.TrySetResult();
        }
    }
}
