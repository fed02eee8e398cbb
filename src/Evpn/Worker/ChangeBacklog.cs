namespace Evpnd.Evpn.Worker;

/// <summary>
/// The best-path changes handed to the EVPN worker and not imported yet. At
/// <see cref="Limit"/> the RIB is told to wait (<see cref="WaitForRoom"/>); it is let go once the
/// worker brought the backlog down to half, so that it hands over large runs, not one batch per
/// wake-up. The RIB worker adds, the EVPN worker removes: a lock, taken once per batch of a few
/// hundred changes, keeps the wake-up from being lost between the two.
/// </summary>
internal sealed class ChangeBacklog
{
    private readonly Lock _gate = new();
    private int _count;
    private TaskCompletionSource? _room;

    public ChangeBacklog(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Limit = limit;
    }

    public int Limit { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public void Add(int changes)
    {
        lock (_gate)
        {
            _count += changes;
        }
    }

    public void Remove(int changes)
    {
        TaskCompletionSource? room = null;
        lock (_gate)
        {
            _count -= changes;
            if (_room is not null && _count <= Limit / 2)
            {
                room = _room;
                _room = null;
            }
        }
        // Outside the lock: the RIB's continuation runs elsewhere (RunContinuationsAsynchronously).
        room?.TrySetResult();
    }

    /// <summary>Null while below <see cref="Limit"/>; else a task that completes when the backlog fell to half of it.</summary>
    public Task? WaitForRoom()
    {
        lock (_gate)
        {
            if (_count < Limit)
            {
                return null;
            }
            return (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }
}
