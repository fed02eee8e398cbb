using System.Net;
using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Session;

/// <summary>Session up/down bookkeeping and the status snapshot for the CLI.</summary>
internal sealed partial class BgpNeighbor
{
    private readonly MessageCounterSet _in = new();
    private readonly MessageCounterSet _out = new();
    private OpenMessage? _peerOpen;
    private NotificationMessage? _lastNotificationSent;
    private NotificationMessage? _lastNotificationReceived;
    private string? _lastError;
    private DateTimeOffset? _establishedAt;
    private DateTimeOffset? _upDownAt;
    private int _establishedTransitions;
    private TaskCompletionSource<SessionState>? _stateWaiter;

    /// <summary>The state shown to operators: the most advanced of the neighbor's connections.</summary>
    public SessionState State
    {
        get
        {
            lock (_gate)
            {
                return CurrentState();
            }
        }
    }

    /// <summary>The primary connection's read loop waits for the RIB (for tests).</summary>
    internal bool ReadPaused
    {
        get
        {
            lock (_gate)
            {
                return _primary.Connection?.ReadPausedByUs == true;
            }
        }
    }

    /// <summary>The primary connection's write loop waits for the socket to take bytes (for tests).</summary>
    internal bool WriteBlocked
    {
        get
        {
            lock (_gate)
            {
                return _primary.Connection?.IsWriteBlocked == true;
            }
        }
    }

    /// <summary>UPDATEs received so far, read without locking or allocating.</summary>
    public long UpdatesReceived => _in[BgpMessageType.Update];

    private SessionState CurrentState() =>
        _secondary is { } s && s.Fsm.State > _primary.Fsm.State ? s.Fsm.State : _primary.Fsm.State;

    /// <summary>Completes at the next state change (for tests and tools that wait without sleeping).</summary>
    public Task<SessionState> NextStateChangeAsync()
    {
        lock (_gate)
        {
            _stateWaiter ??= new TaskCompletionSource<SessionState>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _stateWaiter.Task;
        }
    }

    private void OnStateChanged(SessionSlot slot, SessionState before, SessionState after)
    {
        if (slot == _primary || after == SessionState.Established)
        {
            Log(after == SessionState.Established || before == SessionState.Established ? LogLevel.Information : LogLevel.Debug,
                $"{before} -> {after}");
        }
        var waiter = _stateWaiter;
        _stateWaiter = null;
        waiter?.TrySetResult(CurrentState());
    }

    private void OnEstablished(SessionSlot slot, NegotiatedSession negotiated)
    {
        var connection = slot.Connection!;
        connection.MaxMessageLength = negotiated.MaxMessageLength;
        var session = new BgpPeerSession(Config.Address, negotiated, connection, Config.MaximumPrefix, OnPrefixLimitExceeded);
        slot.Session = session;
        connection.Session = session;
        _establishedAt = _time.GetUtcNow();
        _upDownAt = _establishedAt;
        _establishedTransitions++;
        Log(LogLevel.Information,
            $"session established: AS {negotiated.PeerAs}, router-id {FormatId(negotiated.PeerRouterId)}, hold {negotiated.HoldTime}s, " +
            $"families {string.Join(",", negotiated.Families)}");
        if (_sink is not null)
        {
            _sink.PeerUp(session);
        }
        else
        {
            // No RIB yet: tell the peer at once that we have nothing to send (RFC 4724 s2).
            Span<byte> endOfRib = stackalloc byte[64];
            foreach (var family in negotiated.Families)
            {
                connection.SendRaw(endOfRib[..UpdateWriter.WriteEndOfRib(endOfRib, family)]);
            }
        }
    }

    private void OnDown(SessionSlot slot, string reason, bool graceful)
    {
        _upDownAt = _time.GetUtcNow();
        _lastError = reason;
        Log(LogLevel.Warning, graceful ? $"session down: {reason}; graceful restart: its routes are kept as stale" : $"session down: {reason}");
        ArmMd5Warning();
        if (slot.Session is { } session)
        {
            slot.Session = null;
            if (slot.Connection is { } connection)
            {
                connection.Session = null;
            }
            session.MarkDown(graceful);
            _sink?.PeerDown(session, reason);
        }
    }

    public NeighborStatus GetStatus()
    {
        lock (_gate)
        {
            var state = CurrentState();
            var active = _secondary is { } s && s.Fsm.State > _primary.Fsm.State ? s : _primary;
            var negotiated = state is SessionState.OpenConfirm or SessionState.Established ? active.Fsm.Negotiated : null;
            var connection = active.Connection;
            return new NeighborStatus
            {
                Address = Config.Address.ToString(),
                Description = Config.Description,
                RemoteAs = Config.RemoteAsKind switch
                {
                    RemoteAsKind.Internal => "internal",
                    RemoteAsKind.External => "external",
                    _ => Config.RemoteAs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                PeerAs = _peerOpen?.Asn,
                LocalAs = _settings.LocalAs,
                State = state.ToString(),
                Passive = Config.Passive,
                PeerRouterId = _peerOpen is { } open ? FormatId(open.BgpIdentifier) : null,
                UptimeSeconds = _upDownAt is { } t ? (long)(_time.GetUtcNow() - t).TotalSeconds : null,
                EstablishedAt = state == SessionState.Established ? _establishedAt : null,
                EstablishedTransitions = _establishedTransitions,
                NegotiatedHoldTime = negotiated?.HoldTime,
                NegotiatedKeepalive = negotiated?.KeepaliveTime,
                Families = negotiated is null ? [] : [.. negotiated.Families.Select(f => f.ToString())],
                PeerCapabilities = _peerOpen is null ? [] : [.. _peerOpen.Capabilities.Select(CapabilityNames.Name)],
                LocalCapabilities = [.. active.Fsm.LocalOpen.Capabilities.Select(CapabilityNames.Name)],
                MessagesIn = _in.Snapshot(),
                MessagesOut = _out.Snapshot(),
                LastError = _lastError,
                LastNotificationSent = _lastNotificationSent?.ToString(),
                LastNotificationReceived = _lastNotificationReceived?.ToString(),
                LocalEndpoint = FormatEndPoint(connection?.LocalEndPoint),
                RemoteEndpoint = FormatEndPoint(connection?.RemoteEndPoint),
                PendingRoutes = active.Session?.PendingRoutes,
                SendQueueBytes = active.Session?.SendQueueBytes,
                PasswordSet = Config.Password is not null,
                TtlSecurityHops = Config.TtlSecurityHops,
                GtsmRefusals = _gtsmRefusals,
                MaximumPrefix = MaximumPrefixStatus(active.Session),
                GracefulRestart = RestartStatus(active),
            };
        }
    }

    private GracefulRestartStatus RestartStatus(SessionSlot active)
    {
        var ours = active.Fsm.LocalOpen.Capabilities.OfType<GracefulRestartCapability>().FirstOrDefault();
        var peer = _peerOpen?.Capabilities.OfType<GracefulRestartCapability>().FirstOrDefault();
        var evpn = peer?.Families.FirstOrDefault(f => f.Family == AfiSafi.L2vpnEvpn);
        return new GracefulRestartStatus
        {
            Enabled = _settings.GracefulRestartEnabled,
            Negotiated = ours is not null && peer is not null,
            NotificationBit = ours is { NotificationSupport: true } && peer is { NotificationSupport: true },
            LocalRestarting = ours?.RestartState == true,
            LocalForwardingPreserved = ours?.Families.Any(f => f.ForwardingPreserved) == true,
            PeerRestartTime = peer?.RestartTimeSeconds,
            PeerRestarting = peer?.RestartState,
            PeerForwardingPreserved = peer is null ? null : evpn is { ForwardingPreserved: true },
        };
    }

    /// <summary>An IPv4 peer accepted on a dual-stack listener shows as 10.0.0.1:179, not [::ffff:10.0.0.1]:179.</summary>
    internal static string? FormatEndPoint(IPEndPoint? endPoint) => endPoint switch
    {
        null => null,
        { Address.IsIPv4MappedToIPv6: true } => new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port).ToString(),
        _ => endPoint.ToString(),
    };

    internal static string FormatId(uint id) =>
        new IPAddress([(byte)(id >> 24), (byte)(id >> 16), (byte)(id >> 8), (byte)id]).ToString();
}
