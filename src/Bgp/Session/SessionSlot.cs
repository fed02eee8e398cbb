namespace Evpnd.Bgp.Session;

/// <summary>
/// One FSM with its connection and timers. A neighbor has a primary slot and, during a
/// connection collision (RFC 4271 s6.8), a second one.
/// </summary>
internal sealed class SessionSlot : IDisposable
{
    private readonly DeadlineTimer[] _timers;

    public SessionSlot(SessionSettings settings, TimeProvider time, Action<SessionSlot, SessionTimer> expired)
    {
        Fsm = new SessionFsm(settings);
        _timers = new DeadlineTimer[Enum.GetValues<SessionTimer>().Length];
        foreach (var kind in Enum.GetValues<SessionTimer>())
        {
            _timers[(int)kind] = new DeadlineTimer(time, _ => expired(this, kind));
        }
    }

    public SessionFsm Fsm { get; }

    public BgpConnection? Connection { get; set; }

    /// <summary>The in-flight outgoing connection attempt, cancelled by CloseConnection.</summary>
    public CancellationTokenSource? ConnectAttempt { get; set; }

    /// <summary>The Established session handed to the RIB, while up.</summary>
    public BgpPeerSession? Session { get; set; }

    public DeadlineTimer Timer(SessionTimer kind) => _timers[(int)kind];

    public void CancelConnectAttempt()
    {
        ConnectAttempt?.Cancel();
        ConnectAttempt = null;
    }

    public void Dispose()
    {
        CancelConnectAttempt();
        foreach (var timer in _timers)
        {
            timer.Stop();
            timer.Dispose();
        }
    }
}
