using Evpnd.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Session;

/// <summary>
/// What TCP-MD5 and GTSM refuse, told to the operator once (the kernel drops such segments
/// without a word, so the only sign is a session that does not come up), and the session's end
/// when the peer goes past its maximum-prefix limit.
/// </summary>
internal sealed partial class BgpNeighbor
{
    private TcpMd5Counters? _md5Baseline;
    private bool _md5Warned;
    private bool _connectedSinceStart;
    private long _gtsmRefusals;
    private DateTimeOffset? _prefixLimitRestartAt;

    /// <summary>Connections refused because their SYN came from further away than ttl-security allows.</summary>
    public long GtsmRefusals
    {
        get
        {
            lock (_gate)
            {
                return _gtsmRefusals;
            }
        }
    }

    /// <summary>Called (under no lock) by the listener before it closes a connection that arrived with too low a TTL.</summary>
    public void GtsmRefused(int ttl, int minimum)
    {
        lock (_gate)
        {
            _gtsmRefusals++;
            _lastError = $"refused a connection: its SYN arrived with TTL {ttl}, ttl-security {Config.TtlSecurityHops} needs at least {minimum}";
            // Once at warning: a peer that retries (or a host that floods) must not fill the log.
            Log(_gtsmRefusals == 1 ? LogLevel.Warning : LogLevel.Debug,
                $"{_lastError} (the peer is more than {Config.TtlSecurityHops} hop(s) away, or does not send with TTL 255)");
        }
    }

    /// <summary>At (re)start: what the kernel had dropped before, so that the warning counts only what came after.</summary>
    private void ArmMd5Warning()
    {
        if (Config.Password is null)
        {
            return;
        }
        _md5Warned = false;
        _connectedSinceStart = false;
        _md5Baseline = TcpMd5Counters.Read();
    }

    /// <summary>
    /// The ConnectRetry timer expired with no connection since the start: with a TCP-MD5 key set,
    /// that is what a peer with a wrong or no password looks like. Logged once, with the kernel's
    /// drop counters in this namespace since the start.
    /// </summary>
    private void WarnIfMd5Silent()
    {
        if (Config.Password is null || _md5Warned || _connectedSinceStart)
        {
            return;
        }
        _md5Warned = true;
        string counters = TcpMd5Counters.Read() is { } now && _md5Baseline is { } before
            ? FormatDrops(now - before)
            : "the kernel's TCP-MD5 counters are not readable";
        _lastError = $"no TCP connection after {Config.ConnectRetry} s with a TCP-MD5 password set";
        Log(LogLevel.Warning,
            $"{_lastError}; the kernel drops segments from a peer with a wrong or no password without a trace ({counters}); " +
            "if the peer is up, check that both sides have the same password");
    }

    internal static string FormatDrops(TcpMd5Counters drops) => drops.Total == 0
        ? "no segment was dropped for its signature in this namespace: the peer may have none and drop ours"
        : $"dropped in this namespace since the start: {drops.NotFound} unsigned (TCPMD5NotFound), {drops.Failure} wrongly signed (TCPMD5Failure), {drops.Unexpected} signed without a key (TCPMD5Unexpected)";

    /// <summary>
    /// From the RIB's thread: the peer went past its limit. AutomaticStop (event 8) with Cease 6/1,
    /// AFI/SAFI and the limit as data (RFC 4486 s4); the session stays down for the restart time,
    /// or until an operator clears it.
    /// </summary>
    private void OnPrefixLimitExceeded(BgpPeerSession session, AfiSafi family)
    {
        lock (_gate)
        {
            var slot = _primary.Session == session ? _primary : _secondary?.Session == session ? _secondary : null;
            if (slot is null || Config.MaximumPrefix is not { } limit)
            {
                return;
            }
            TimeSpan? restart = limit.RestartMinutes == 0 ? null : TimeSpan.FromMinutes(limit.RestartMinutes);
            _prefixLimitRestartAt = restart is { } r ? _time.GetUtcNow() + r : null;
            string reason = $"maximum-prefix limit of {limit.Limit} {family} routes exceeded";
            Log(LogLevel.Warning, restart is null
                ? $"{reason}: Cease 6/1; the session stays down until `evpnd clear neighbor {_name}` or a restart"
                : $"{reason}: Cease 6/1; the session may come back in {limit.RestartMinutes} min");
            Dispatch(slot, new SessionEvent.AutomaticStop(NotificationMessage.MaximumPrefixesReached(family, limit.Limit), reason, restart));
        }
    }

    private MaximumPrefixStatus? MaximumPrefixStatus(BgpPeerSession? session)
    {
        if (Config.MaximumPrefix is not { } limit)
        {
            return null;
        }
        int? accepted = session?.AcceptedRoutes;
        bool heldDown = _primary.Fsm.HeldDown;
        string state = heldDown || accepted > limit.Limit ? "exceeded" : accepted >= limit.WarningCount ? "warning" : "ok";
        return new MaximumPrefixStatus
        {
            Limit = limit.Limit,
            WarningThreshold = limit.WarningThreshold,
            WarningOnly = limit.WarningOnly,
            RestartMinutes = limit.RestartMinutes,
            Accepted = accepted,
            State = state,
            RestartAt = heldDown ? _prefixLimitRestartAt : null,
        };
    }

    /// <summary>
    /// `evpnd clear neighbor`: ManualStop with Cease 6/4 (Administrative Reset) where a session
    /// or connection is open, then ManualStart, also for a neighbor held down by maximum-prefix.
    /// </summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }
            var reset = new SessionEvent.ManualStop("cleared by the operator", CeaseSubcode.AdministrativeReset);
            if (_secondary is { } secondary)
            {
                Dispatch(secondary, reset);
            }
            Dispatch(_primary, reset);
            _prefixLimitRestartAt = null;
            ArmMd5Warning();
            Log(LogLevel.Information, "cleared by the operator: the session restarts");
            Dispatch(_primary, SessionEvent.ManualStartEvent);
        }
    }
}
