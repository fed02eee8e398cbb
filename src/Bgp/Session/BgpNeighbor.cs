using System.Net;
using System.Net.Sockets;
using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Session;

/// <summary>
/// The connection driver for one configured neighbor: feeds FSM events from its connections,
/// timers and the operator, and carries out the actions. One lock per neighbor serialises the
/// FSMs; nothing under it blocks or awaits. During a collision (RFC 4271 s6.8) the neighbor has
/// two slots, each an FSM with its own connection and timers; the loser is dropped, the winner
/// becomes the primary.
/// </summary>
internal sealed partial class BgpNeighbor : IConnectionHandler
{
    private readonly object _gate = new();
    private SessionSettings _settings;
    private readonly ILogger _logger;
    private readonly IBgpSessionSink? _sink;
    private readonly TimeProvider _time;
    private readonly string _name;
    private SessionSlot _primary;
    private SessionSlot? _secondary;
    private bool _stopped = true;

    public BgpNeighbor(SessionSettings settings, ILogger logger, IBgpSessionSink? sink, TimeProvider time)
    {
        _settings = settings;
        _logger = logger;
        _sink = sink;
        _time = time;
        _name = settings.Peer.Address.ToString();
        _primary = NewSlot();
    }

    public PeerConfig Config => _settings.Peer;

    /// <summary>ManualStart (event 1): a passive neighbor waits in Active, an active one connects.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _stopped = false;
            ArmMd5Warning();
            Dispatch(_primary, SessionEvent.ManualStartEvent);
        }
    }

    /// <summary>
    /// ManualStop (event 2) on every connection: Cease 6/<paramref name="subcode"/> (6/2 by
    /// default) with the RFC 8203 communication where an OPEN was sent, then waits up to
    /// <paramref name="grace"/> for the NOTIFICATION to leave.
    /// </summary>
    public async Task StopAsync(string? communication, TimeSpan grace, byte subcode = CeaseSubcode.AdministrativeShutdown, bool restarting = false)
    {
        var connections = new List<BgpConnection>(2);
        lock (_gate)
        {
            _stopped = true;
            foreach (var slot in Slots())
            {
                if (slot.Connection is { } c)
                {
                    connections.Add(c);
                }
            }
            var stop = new SessionEvent.ManualStop(communication, subcode, restarting);
            if (_secondary is { } secondary)
            {
                Dispatch(secondary, stop);
            }
            Dispatch(_primary, stop);
        }
        var all = Task.WhenAll(connections.Select(c => c.Completion));
        if (await Task.WhenAny(all, Task.Delay(grace, _time)).ConfigureAwait(false) != all)
        {
            foreach (var c in connections)
            {
                c.Abort();
            }
        }
        lock (_gate)
        {
            foreach (var slot in Slots())
            {
                slot.Dispose();
            }
        }
    }

    /// <summary>
    /// Closes every connection with Cease 6/<paramref name="subcode"/> (RFC 4486: 4 for an
    /// operator's reset, 6 for a changed configuration), then starts again with
    /// <paramref name="settings"/> (the same ones when null). Counters and history carry over.
    /// </summary>
    public async Task ResetAsync(byte subcode, string? communication, TimeSpan grace, SessionSettings? settings = null)
    {
        await StopAsync(communication, grace, subcode).ConfigureAwait(false);
        lock (_gate)
        {
            if (settings is not null)
            {
                _settings = settings;
            }
            _primary = NewSlot();
            _secondary = null;
        }
        Start();
    }

    /// <summary>
    /// A soft reset: asks the peer to send its routes again (ROUTE-REFRESH, RFC 2918 s3, when it
    /// announced the capability) and sends ours again as if it had asked (with BoRR/EoRR after
    /// RFC 7313). The session stays up. False when it is not Established.
    /// </summary>
    public async Task<bool> SoftResetAsync(CancellationToken cancellationToken)
    {
        BgpPeerSession? session = null;
        lock (_gate)
        {
            foreach (var slot in Slots())
            {
                if (slot.Session is { IsUp: true } up && slot.Connection is { } connection)
                {
                    session = up;
                    if (up.Negotiated.RouteRefresh)
                    {
                        foreach (var family in up.Negotiated.Families)
                        {
                            connection.Send(new RouteRefreshMessage(family));
                        }
                    }
                    break;
                }
            }
        }
        if (session is null)
        {
            return false;
        }
        Log(LogLevel.Information, "soft reset: route refresh requested, our routes sent again");
        if (_sink is not null)
        {
            foreach (var family in session.Negotiated.Families)
            {
                await _sink.RouteRefreshReceivedAsync(session, new RouteRefreshMessage(family), cancellationToken).ConfigureAwait(false);
            }
        }
        return true;
    }

    /// <summary>A new description (what `show neighbors` prints): the one setting that needs no new session.</summary>
    public void Relabel(string? description)
    {
        lock (_gate)
        {
            _settings = _settings with { Peer = _settings.Peer with { Description = description } };
        }
    }

    /// <summary>
    /// Ends the Established session with a Cease that flushes the routes on both sides (RFC 8538
    /// Hard Reset when negotiated): an administrative reset, maximum prefixes. The neighbor then
    /// starts again as after any error. False when no session was Established.
    /// </summary>
    public bool HardReset(NotificationMessage notification)
    {
        lock (_gate)
        {
            foreach (var slot in Slots())
            {
                if (slot.Fsm.State == SessionState.Established)
                {
                    Dispatch(slot, new SessionEvent.HardReset(notification));
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>A connection the listener accepted from this neighbor's address.</summary>
    public void AcceptIncoming(Socket socket)
    {
        lock (_gate)
        {
            Attach(socket, ConnectionDirection.Incoming);
        }
    }

    private SessionSlot NewSlot() => new(_settings, _time, OnTimerExpired);

    private IEnumerable<SessionSlot> Slots()
    {
        yield return _primary;
        if (_secondary is { } s)
        {
            yield return s;
        }
    }

    private SessionSlot? SlotOf(BgpConnection connection) =>
        _primary.Connection == connection ? _primary :
        _secondary?.Connection == connection ? _secondary : null;

    private bool IsCurrent(SessionSlot slot) => slot == _primary || slot == _secondary;

    /// <summary>Binds a new TCP connection to a slot, or refuses it.</summary>
    private void Attach(Socket socket, ConnectionDirection direction)
    {
        if (_stopped || !_primary.Fsm.Started)
        {
            Log(LogLevel.Debug, "refused a connection: neighbor is stopped");
            socket.Dispose();
            return;
        }
        if (_primary.Fsm.HeldDown)
        {
            // Down for the maximum-prefix limit: the peer waits for the restart time (or a clear).
            Log(LogLevel.Debug, $"refused a {Describe(direction)} connection: held down after exceeding maximum-prefix");
            socket.Dispose();
            return;
        }
                if (direction == ConnectionDirection.Incoming && _primary.Connection is null && _primary.Fsm.State == SessionState.Idle)
        {
            // Idle while the IdleHoldTimer runs: the peer is the one retrying, so start at once
            // (AutomaticStart_with_PassiveTcpEstablishment) rather than refuse it (s8.2.2 Idle).
            Dispatch(_primary, SessionEvent.AutomaticStartPassiveEvent);
        }
        var up = direction == ConnectionDirection.Outgoing ? SessionEvent.TcpCrAckedEvent : SessionEvent.TcpConnectionConfirmedEvent;
        if (_primary.Connection is null && _primary.Fsm.State is SessionState.Connect or SessionState.Active)
        {
            var connection = new BgpConnection(socket, direction, this, _time);
            _connectedSinceStart = true;
            _primary.Connection = connection;
            connection.Start();
            Log(LogLevel.Debug, $"{Describe(direction)} connection {connection.LocalEndPoint} <-> {connection.RemoteEndPoint}");
            Dispatch(_primary, up);
            return;
        }
        if (_primary.Connection is not null && _secondary is null)
        {
            // A second connection: both run until an OPEN lets CollisionResolver pick one.
            var slot = NewSlot();
            _secondary = slot;
            var connection = new BgpConnection(socket, direction, this, _time);
            slot.Connection = connection;
            connection.Start();
            Log(LogLevel.Debug, $"second ({Describe(direction)}) connection {connection.LocalEndPoint} <-> {connection.RemoteEndPoint}: collision detection");
            Dispatch(slot, SessionEvent.AutomaticStartPassiveEvent);
            Dispatch(slot, up);
            return;
        }
        Log(LogLevel.Debug, $"refused a {Describe(direction)} connection in state {_primary.Fsm.State}");
        socket.Dispose();
    }

    private static string Describe(ConnectionDirection direction) =>
        direction == ConnectionDirection.Outgoing ? "outgoing" : "incoming";

    private void OnTimerExpired(SessionSlot slot, SessionTimer timer)
    {
        lock (_gate)
        {
            if (!IsCurrent(slot) || !slot.Timer(timer).Fired())
            {
                return;
            }
            if (timer == SessionTimer.Hold && slot.Connection is { ReadPausedByUs: true })
            {
                // Nothing was read because we did not read: the read loop waits for room in the
                // RIB's inbox for this peer (our own back-pressure), and whatever the peer sent
                // since, its KEEPALIVEs included, waits in the pipe and the socket. Wait another
                // hold time; once reading resumes every message restarts the timer as usual (BIRD
                // restarts it likewise when its input queue is not empty). Only a pause of ours
                // counts: bytes merely waiting in the socket do not, or a peer trickling a partial
                // message would never time out.
                Log(LogLevel.Debug, "hold timer expired while reading was paused by our back-pressure; restarted");
                slot.Timer(timer).Restart();
                return;
            }
            if (timer == SessionTimer.SendHold && slot.Connection is { } writing)
            {
                // RFC 9687: the timer measures time without progress sending. It runs in the
                // FSM's states; only the connection knows whether a write is stuck, and since when.
                var blocked = writing.WriteBlockedFor;
                var duration = slot.Timer(timer).Duration;
                if (blocked < duration)
                {
                    slot.Timer(timer).Restart(duration - blocked);
                    return;
                }
                _lastError = $"send hold timer expired: nothing could be written for {(int)blocked.TotalSeconds} s";
                Log(LogLevel.Warning, _lastError);
            }
            if (timer == SessionTimer.Hold)
            {
                _lastError = "hold timer expired";
            }
            if (timer == SessionTimer.ConnectRetry)
            {
                WarnIfMd5Silent();
            }
            Dispatch(slot, timer switch
            {
                SessionTimer.ConnectRetry => SessionEvent.ConnectRetryTimerExpiresEvent,
                SessionTimer.Hold => SessionEvent.HoldTimerExpiresEvent,
                SessionTimer.Keepalive => SessionEvent.KeepaliveTimerExpiresEvent,
                SessionTimer.SendHold => SessionEvent.SendHoldTimerExpiresEvent,
                _ => SessionEvent.IdleHoldTimerExpiresEvent,
            });
        }
    }

    /// <summary>Feeds one event to a slot's FSM and carries out its actions. Under the lock.</summary>
    private void Dispatch(SessionSlot slot, SessionEvent ev)
    {
        var before = slot.Fsm.State;
        var actions = slot.Fsm.Handle(ev);
        for (var i = 0; i < actions.Count; i++)
        {
            Execute(slot, actions[i]);
        }
        var after = slot.Fsm.State;
        if (before != after)
        {
            OnStateChanged(slot, before, after);
        }
        Reconcile();
    }

    /// <summary>Drops a secondary that went Idle; promotes it when the primary lost its connection.</summary>
    private void Reconcile()
    {
        if (_secondary is not { } secondary)
        {
            return;
        }
        if (secondary.Fsm.State == SessionState.Idle)
        {
            secondary.Connection?.CloseAfterFlush();
            secondary.Dispose();
            _secondary = null;
        }
        else if (_primary.Connection is null && _primary.Fsm.State is SessionState.Idle or SessionState.Connect or SessionState.Active)
        {
            _primary.Dispose();
            _primary = secondary;
            _secondary = null;
        }
    }

    private void Execute(SessionSlot slot, SessionAction action)
    {
        switch (action)
        {
            case SessionAction.Connect:
                StartConnect(slot);
                break;
            case SessionAction.CloseConnection:
                slot.CancelConnectAttempt();
                if (slot.Connection is { } connection)
                {
                    slot.Connection = null;
                    connection.CloseAfterFlush();
                }
                break;
            case SessionAction.SendOpen open:
                slot.Connection?.Send(open.Message);
                break;
            case SessionAction.SendKeepalive:
                slot.Connection?.Send(KeepaliveMessage.Instance);
                break;
            case SessionAction.SendNotification notification:
                if (slot.Connection is { } target)
                {
                    target.Send(notification.Message);
                    _lastNotificationSent = notification.Message;
                    _lastError = $"sent NOTIFICATION {notification.Message}";
                    Log(LogLevel.Warning, $"sent NOTIFICATION {notification.Message}");
                }
                break;
            case SessionAction.StartTimer start:
                var duration = start.Timer is SessionTimer.ConnectRetry or SessionTimer.IdleHold
                    ? ConnectRetryJitter.Apply(start.Duration, Random.Shared.NextDouble())
                    : start.Duration;
                slot.Timer(start.Timer).Start(duration);
                break;
            case SessionAction.StopTimer stop:
                slot.Timer(stop.Timer).Stop();
                break;
            case SessionAction.SessionEstablished established:
                OnEstablished(slot, established.Session);
                break;
            case SessionAction.SessionDown down:
                OnDown(slot, down.Reason, down.Graceful);
                break;
        }
    }

    private void StartConnect(SessionSlot slot)
    {
        slot.CancelConnectAttempt();
        var attempt = new CancellationTokenSource();
        slot.ConnectAttempt = attempt;
        _ = ConnectAsync(slot, attempt);
    }

    private async Task ConnectAsync(SessionSlot slot, CancellationTokenSource attempt)
    {
        var remote = new IPEndPoint(Config.Address, Config.Port);
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (Config.Password is { } password)
            {
                SessionSocket.SetMd5Key(socket, Config.Address, password);
            }
            if (Config.TtlSecurityHops is { } hops)
            {
                SessionSocket.SetGtsm(socket, hops);
            }
            if (Config.LocalAddress is { } local)
            {
                socket.Bind(new IPEndPoint(local, 0));
            }
            await socket.ConnectAsync(remote, attempt.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            socket.Dispose();
            if (ex is OperationCanceledException)
            {
                return;
            }
            lock (_gate)
            {
                if (slot.ConnectAttempt != attempt || !IsCurrent(slot))
                {
                    return;
                }
                slot.ConnectAttempt = null;
                var reason = $"connect to {remote}: {BgpConnection.Describe(ex)}";
                _lastError = reason;
                Log(LogLevel.Debug, reason);
                if (slot.Connection is null && slot.Fsm.State == SessionState.Connect)
                {
                    Dispatch(slot, new SessionEvent.TcpConnectionFails(reason));
                }
            }
            return;
        }
        lock (_gate)
        {
            if (slot.ConnectAttempt != attempt || !IsCurrent(slot))
            {
                socket.Dispose();
                return;
            }
            slot.ConnectAttempt = null;
            Attach(socket, ConnectionDirection.Outgoing);
        }
    }

    private void Log(LogLevel level, string message) =>
        _logger.Log(level, "neighbor {Peer}: {Message}", _name, message);
}
