using Evpnd.Bgp.Rib;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// An observer with room for <see cref="Capacity"/> changes until the test lets them go
/// (<see cref="Release"/>), as the EVPN worker has room until it imported what it was given.
/// </summary>
internal sealed class BoundedObserver(int capacity) : IBestPathObserver
{
    private readonly Lock _gate = new();
    private int _held;
    private TaskCompletionSource? _room;
    private TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Capacity => capacity;

    public List<BestPathChange> Changes { get; } = [];

    public void BestPathsChanged(ReadOnlySpan<BestPathChange> changes)
    {
        lock (_gate)
        {
            _held += changes.Length;
            foreach (var change in changes)
            {
                Changes.Add(change);
            }
        }
    }

    public Task? WaitForRoom()
    {
        lock (_gate)
        {
            if (_held < capacity)
            {
                return null;
            }
            _full.TrySetResult();
            return (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>Completes once the RIB found no room and waits; the changes it has handed over by then are in <see cref="Changes"/>.</summary>
    public Task FullAsync()
    {
        lock (_gate)
        {
            return _full.Task;
        }
    }

    /// <summary>A copy of the changes so far.</summary>
    public List<BestPathChange> Snapshot()
    {
        lock (_gate)
        {
            return [.. Changes];
        }
    }

    /// <summary>Everything handed over so far is let go: the RIB may go on.</summary>
    public void Release()
    {
        TaskCompletionSource? room;
        lock (_gate)
        {
            _held = 0;
            room = _room;
            _room = null;
            _full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        room?.TrySetResult();
    }
}
