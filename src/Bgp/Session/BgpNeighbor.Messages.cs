using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Session;

/// <summary>Received messages: decoding, collision detection and the hand-over to the RIB.</summary>
internal sealed partial class BgpNeighbor
{
    /// <summary>
    /// One received message. Not an async method: the common cases complete synchronously and
    /// allocate nothing (an async state machine is a heap object in Debug builds); only a RIB
    /// that makes us wait goes through <see cref="AwaitSinkAsync"/>.
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
                BgpPeerSession? session;
                lock (_gate)
                {
                    if (!Deliver(connection, type, CheckUpdate(connection, frame.Span)))
                    {
                        return new ValueTask<bool>(false);
                    }
                    session = SlotOf(connection)?.Session;
                }
                if (session is not null && _sink is not null)
                {
                    var handed = _sink.UpdateReceivedAsync(session, frame, cancellationToken);
                    return handed.IsCompletedSuccessfully ? new ValueTask<bool>(true) : AwaitSinkAsync(handed);
                }
                return new ValueTask<bool>(true);
            case BgpMessageType.Open:
                return new ValueTask<bool>(OnOpen(connection, frame.Span));
            case BgpMessageType.Notification:
                return new ValueTask<bool>(OnNotification(connection, frame.Span));
            case BgpMessageType.RouteRefresh:
                return new ValueTask<bool>(OnRouteRefresh(connection, frame.Span));
            default:
                return new ValueTask<bool>(true);
        }
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

    public void OnWriteFailed(BgpConnection connection, Exception error) =>
        _logger.LogError(error, "neighbor {Peer}: sending failed", _name);

    public void OnMessageSent(BgpConnection connection, BgpMessageType type) => _out.Increment(type);

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

    /// <summary>
    /// RFC 7606 checks: an error that resets the session becomes event 28 UpdateMsgErr; contained
    /// errors (treat-as-withdraw, attribute discard) are the RIB's to apply and leave the session up.
    /// </summary>
    private SessionEvent CheckUpdate(BgpConnection connection, ReadOnlySpan<byte> frame)
    {
        if (SlotOf(connection)?.Fsm.Negotiated is not { } negotiated)
        {
            // Not Established: the FSM answers the UPDATE with an FSM Error.
            return SessionEvent.UpdateMsgEvent;
        }
        var options = new UpdateCodecOptions(negotiated.FourOctetAs, negotiated.MaxMessageLength);
        var validation = new UpdateReader(frame).Validate(options);
        if (validation.Action == UpdateErrorAction.SessionReset && validation.Notification is { } notification)
        {
            Log(LogLevel.Warning, $"malformed UPDATE: {validation.Reason}");
            return new SessionEvent.UpdateMsgErr(notification);
        }
        if (!validation.IsValid)
        {
            Log(LogLevel.Debug, $"UPDATE error contained ({validation.Action}): {validation.Reason}");
        }
        return SessionEvent.UpdateMsgEvent;
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
            if (other is not null && OpenNegotiation.Check(open, _settings) is null)
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

    private bool OnRouteRefresh(BgpConnection connection, ReadOnlySpan<byte> frame)
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
                return Deliver(connection, BgpMessageType.RouteRefresh, ErrorEvent(ex));
            }
        }
        BgpPeerSession? session;
        lock (_gate)
        {
            if (!Deliver(connection, BgpMessageType.RouteRefresh, SessionEvent.RouteRefreshMsgEvent))
            {
                return false;
            }
            session = SlotOf(connection)?.Session;
        }
        if (session is not null)
        {
            _sink?.RouteRefreshReceived(session, message);
        }
        return true;
    }
}
