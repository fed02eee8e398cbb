using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Session;

/// <summary>Received messages: decoding, collision detection and the hand-over to the RIB.</summary>
internal sealed partial class BgpNeighbor
{
    /// <summary>
    /// One received message. Not an async method: the common cases complete synchronously and
    /// allocate nothing (an async state machine is a heap object in Debug builds); only a RIB
    /// whose inbox for this peer is full makes the read loop wait.
    /// </summary>
    public ValueTask<bool> OnMessageAsync(BgpConnection connection, BgpMessageType type, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case BgpMessageType.Keepalive:
                lock (_gate)
                {
                    return new ValueTask<bool>(Deliver(connection, type, SessionEvent.KeepAliveMsgEvent));
                }
            case BgpMessageType.Update:
                return OnUpdate(connection, frame, cancellationToken);
            case BgpMessageType.Open:
                return new ValueTask<bool>(OnOpen(connection, frame.Span));
            case BgpMessageType.Notification:
                return new ValueTask<bool>(OnNotification(connection, frame.Span));
            case BgpMessageType.RouteRefresh:
                return OnRouteRefresh(connection, frame.Span, cancellationToken);
            default:
                return new ValueTask<bool>(true);
        }
    }

    /// <summary>
    /// An UPDATE is checked once (RFC 7606), here, before the lock is taken: the lock serialises
    /// the FSM, not the parsing of a 4 kB message. The outcome goes to the FSM (a session-fatal
    /// error is event 28 UpdateMsgErr) and, with the bytes, to the RIB, which does not check again.
    /// </summary>
    private ValueTask<bool> OnUpdate(BgpConnection connection, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var session = connection.Session;
        if (session is null)
        {
            // Not Established: the FSM answers the UPDATE with an FSM Error.
            lock (_gate)
            {
                return new ValueTask<bool>(Deliver(connection, BgpMessageType.Update, SessionEvent.UpdateMsgEvent));
            }
        }
        var validation = new UpdateReader(frame.Span).Validate(session.UpdateOptions);
        SessionEvent ev = SessionEvent.UpdateMsgEvent;
        if (validation.Action == UpdateErrorAction.SessionReset && validation.Notification is { } notification)
        {
            ev = new SessionEvent.UpdateMsgErr(notification);
        }
        lock (_gate)
        {
            if (ev is SessionEvent.UpdateMsgErr)
            {
                Log(LogLevel.Warning, $"malformed UPDATE: {validation.Reason}");
            }
            else if (!validation.IsValid)
            {
                Log(LogLevel.Debug, $"UPDATE error contained ({validation.Action}): {validation.Reason}");
            }
            if (!Deliver(connection, BgpMessageType.Update, ev) || SlotOf(connection)?.Session != session)
            {
                return new ValueTask<bool>(false);
            }
        }
        if (_sink is null)
        {
            return new ValueTask<bool>(true);
        }
        var handed = _sink.UpdateReceivedAsync(session, frame, validation, cancellationToken);
        return handed.IsCompletedSuccessfully ? new ValueTask<bool>(true) : AwaitSinkAsync(handed);
    }

    private static async ValueTask<bool> AwaitSinkAsync(ValueTask handed)
    {
        await handed.ConfigureAwait(false);
        return true;
    }

    public void OnProtocolError(BgpConnection connection, BgpProtocolException error)
    {
        lock (_gate)
        {
            Log(LogLevel.Warning, $"protocol error: {error.Message}");
            Deliver(connection, null, ErrorEvent(error));
        }
    }

    public void OnConnectionLost(BgpConnection connection, string reason)
    {
        lock (_gate)
        {
            if (SlotOf(connection) is { } slot)
            {
                _lastError = reason;
                Log(LogLevel.Information, reason);
                Dispatch(slot, new SessionEvent.TcpConnectionFails(reason));
            }
        }
    }

    public void OnInternalError(BgpConnection connection, Exception error) =>
        _logger.LogError(error, "neighbor {Peer}: connection failed on an internal error", _name);

    public void OnMessageSent(BgpConnection connection, BgpMessageType type) => _out.Increment(type);

    public void OnSendQueueDrained(BgpConnection connection)
    {
        if (connection.Session is { } session)
        {
            _sink?.SendQueueDrained(session);
        }
    }

    /// <summary>Counts and feeds one event for a message; false when the connection is no longer ours.</summary>
    private bool Deliver(BgpConnection connection, BgpMessageType? type, SessionEvent ev)
    {
        if (SlotOf(connection) is not { } slot)
        {
            return false;
        }
        if (type is { } t)
        {
            _in.Increment(t);
        }
        Dispatch(slot, ev);
        return slot.Connection == connection;
    }

    private static SessionEvent ErrorEvent(BgpProtocolException error) => error.Code switch
    {
        NotificationCode.MessageHeaderError => new SessionEvent.BgpHeaderErr(error.ToNotification()),
        NotificationCode.OpenMessageError => new SessionEvent.BgpOpenMsgErr(error.ToNotification()),
        _ => new SessionEvent.UpdateMsgErr(error.ToNotification()),
    };

    private bool OnOpen(BgpConnection connection, ReadOnlySpan<byte> frame)
    {
        OpenMessage open;
        try
        {
            open = (OpenMessage)BgpMessageCodec.Decode(frame);
        }
        catch (BgpProtocolException ex)
        {
            lock (_gate)
            {
                Log(LogLevel.Warning, $"bad OPEN: {ex.Message}");
                return Deliver(connection, BgpMessageType.Open, ErrorEvent(ex));
            }
        }
        lock (_gate)
        {
            if (SlotOf(connection) is not { } slot)
            {
                return false;
            }
            _peerOpen = open;
            var other = slot == _primary ? _secondary : _primary;
            if (other is { Fsm.State: SessionState.Established, Fsm.Negotiated.GracefulRestart: true } && OpenNegotiation.Check(open, _settings) is null)
            {
                // RFC 4724 s4.2: an OPEN on a new connection while the session is Established means
                // the peer restarted: the old session ends as on a TCP reset (its routes stay as
                // stale) and the new one goes on, instead of a collision Cease.
                Log(LogLevel.Information, "new connection while Established: the peer restarted (graceful restart); closing the old session");
                Dispatch(other, new SessionEvent.TcpConnectionFails("the peer restarted: new connection while Established"));
            }
            else if (other is not null && OpenNegotiation.Check(open, _settings) is null)
            {
                var outcome = CollisionResolver.Resolve(connection.Direction, other.Fsm.State, _settings.RouterId, open.BgpIdentifier, _settings.LocalAs, open.Asn);
                if (outcome == CollisionOutcome.CloseThis)
                {
                    Log(LogLevel.Information, $"connection collision: closing the {Describe(connection.Direction)} connection");
                    return Deliver(connection, BgpMessageType.Open, SessionEvent.OpenCollisionDumpEvent);
                }
                if (outcome == CollisionOutcome.CloseOther)
                {
                    Log(LogLevel.Information, $"connection collision: keeping the {Describe(connection.Direction)} connection");
                    Dispatch(other, SessionEvent.OpenCollisionDumpEvent);
                }
            }
            return Deliver(connection, BgpMessageType.Open, new SessionEvent.BgpOpen(open));
        }
    }

    private bool OnNotification(BgpConnection connection, ReadOnlySpan<byte> frame)
    {
        NotificationMessage notification;
        try
        {
            notification = (NotificationMessage)BgpMessageCodec.Decode(frame);
        }
        catch (BgpProtocolException ex)
        {
            // A NOTIFICATION is never answered (s6): just drop the connection.
            lock (_gate)
            {
                return Deliver(connection, BgpMessageType.Notification, new SessionEvent.TcpConnectionFails($"malformed NOTIFICATION: {ex.Message}"));
            }
        }
        lock (_gate)
        {
            if (SlotOf(connection) is null)
            {
                return false;
            }
            _lastNotificationReceived = notification;
            _lastError = $"received NOTIFICATION {notification}";
            Log(LogLevel.Warning, _lastError);
            Deliver(connection, BgpMessageType.Notification, new SessionEvent.NotifMsg(notification));
            return false;
        }
    }

    private ValueTask<bool> OnRouteRefresh(BgpConnection connection, ReadOnlySpan<byte> frame, CancellationToken cancellationToken)
    {
        RouteRefreshMessage message;
        try
        {
            message = (RouteRefreshMessage)BgpMessageCodec.Decode(frame);
        }
        catch (BgpProtocolException ex)
        {
            lock (_gate)
            {
                return new ValueTask<bool>(Deliver(connection, BgpMessageType.RouteRefresh, ErrorEvent(ex)));
            }
        }
        BgpPeerSession? session;
        lock (_gate)
        {
            if (!Deliver(connection, BgpMessageType.RouteRefresh, SessionEvent.RouteRefreshMsgEvent))
            {
                return new ValueTask<bool>(false);
            }
            session = SlotOf(connection)?.Session;
        }
        if (session is null || _sink is null)
        {
            return new ValueTask<bool>(true);
        }
        var handed = _sink.RouteRefreshReceivedAsync(session, message, cancellationToken);
        return handed.IsCompletedSuccessfully ? new ValueTask<bool>(true) : AwaitSinkAsync(handed);
    }
}
