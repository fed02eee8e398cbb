namespace Evpnd.Bgp.Session;

/// <summary>
/// One FSM timer. Restarting it only moves a deadline (no allocation, no kernel timer change),
/// because the hold timer restarts on every UPDATE; the underlying timer fires at the earliest
/// deadline it was set for and re-arms itself when the deadline moved. Start/Stop/Fired run under
/// the neighbor lock.
/// </summary>
internal sealed class DeadlineTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _deadline;
    private long _scheduledFor = long.MaxValue;
    private bool _armed;

    public DeadlineTimer(TimeProvider time, Action<DeadlineTimer> callback)
    {
        _time = time;
        _timer = time.CreateTimer(static state =>
        {
            var self = (DeadlineTimer)state!;
            self.Callback(self);
        }, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Callback = callback;
    }

    private Action<DeadlineTimer> Callback { get; }

    public bool IsRunning => _armed;

    /// <summary>The duration of the last <see cref="Start"/> by the FSM (a <see cref="Restart"/> keeps it).</summary>
    public TimeSpan Duration { get; private set; }

    /// <summary>Runs again, for <paramref name="after"/> or else <see cref="Duration"/>, keeping <see cref="Duration"/>.</summary>
    public void Restart(TimeSpan? after = null) => Arm(after ?? Duration);

    public void Start(TimeSpan duration)
    {
        Duration = duration;
        Arm(duration);
    }

    private void Arm(TimeSpan duration)
    {
        var now = _time.GetTimestamp();
        _deadline = now + (long)(duration.TotalSeconds * _time.TimestampFrequency);
        _armed = true;
        if (_deadline < _scheduledFor)
        {
            _scheduledFor = _deadline;
            _timer.Change(duration, Timeout.InfiniteTimeSpan);
        }
    }

    public void Stop() => _armed = false;

    /// <summary>Called from the timer callback under the lock: true when the timer really expired.</summary>
    public bool Fired()
    {
        _scheduledFor = long.MaxValue;
        if (!_armed)
        {
            return false;
        }
        var now = _time.GetTimestamp();
        if (now < _deadline)
        {
            _scheduledFor = _deadline;
            _timer.Change(_time.GetElapsedTime(now, _deadline), Timeout.InfiniteTimeSpan);
            return false;
        }
        _armed = false;
        return true;
    }

    public void Dispose() => _timer.Dispose();
}
