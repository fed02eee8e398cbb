using System.Buffers;
using System.Net;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// One Established session with one neighbor: what the RIB needs to know about it and its send
/// queue. A new instance is made each time the session comes up.
/// </summary>
/// <remarks>
/// Sending never waits (OpenBGPD's XON/XOFF): the RIB hands over buffers of packed UPDATEs while
/// <see cref="SendWindowOpen"/>; when the queue is full it asks for
/// <see cref="IBgpSessionSink.SendQueueDrained"/> and keeps what is left in its own pending set,
/// where a newer change replaces an unsent one.
/// </remarks>
public sealed class BgpPeerSession
{
    private readonly BgpConnection _connection;
    private readonly Action<BgpPeerSession, AfiSafi>? _prefixLimitExceeded;
    private volatile bool _down;
    private int _pendingRoutes;
    private int _acceptedRoutes;

    internal BgpPeerSession(IPAddress address, NegotiatedSession negotiated, BgpConnection connection,
        MaximumPrefix? maximumPrefix = null, Action<BgpPeerSession, AfiSafi>? prefixLimitExceeded = null)
    {
        Address = address;
        Negotiated = negotiated;
        _connection = connection;
        MaximumPrefix = maximumPrefix;
        _prefixLimitExceeded = prefixLimitExceeded;
        UpdateOptions = new UpdateCodecOptions(negotiated.FourOctetAs, negotiated.MaxMessageLength, negotiated.Families);
    }

    /// <summary>The neighbor's maximum-prefix setting; null: no limit.</summary>
    public MaximumPrefix? MaximumPrefix { get; }

    /// <summary>Routes the RIB accepted from the peer and holds now (its Adj-RIB-In), published by the RIB.</summary>
    public int AcceptedRoutes
    {
        get => Volatile.Read(ref _acceptedRoutes);
        set => Volatile.Write(ref _acceptedRoutes, value);
    }

    /// <summary>
    /// The RIB refused a route past <see cref="MaximumPrefix"/>: the session ends with Cease 6/1
    /// (RFC 4486 s4). Called once per session; thread-safe.
    /// </summary>
    public void ExceedMaximumPrefix(AfiSafi family)
    {
        if (!_down)
        {
            _prefixLimitExceeded?.Invoke(this, family);
        }
    }

    /// <summary>The configured neighbor address.</summary>
    public IPAddress Address { get; }

    /// <summary>Families, 4-octet AS, iBGP/eBGP (<see cref="NegotiatedSession.IsInternal"/>), peer router id.</summary>
    public NegotiatedSession Negotiated { get; }

    /// <summary>False once the session went down; sends then return false.</summary>
    public bool IsUp => !_down;

    /// <summary>How the session's UPDATEs are read and written (AS size, maximum length).</summary>
    internal UpdateCodecOptions UpdateOptions { get; }

    /// <summary>The send queue is below its high-water mark: hand it more.</summary>
    public bool SendWindowOpen => !_down && _connection.SendWindowOpen;

    /// <summary>Bytes of UPDATEs handed over and not yet written to the socket.</summary>
    public long SendQueueBytes => _connection.QueuedUpdateBytes;

    /// <summary>Routes the RIB still has to send this peer (published by the RIB, shown by the CLI).</summary>
    public int PendingRoutes
    {
        get => Volatile.Read(ref _pendingRoutes);
        set => Volatile.Write(ref _pendingRoutes, value);
    }

    /// <summary>
    /// Queues complete messages (UPDATEs, End-of-RIB, BoRR/EoRR), header included, each within the
    /// negotiated maximum size. <paramref name="buffer"/> must come from
    /// <see cref="ArrayPool{T}.Shared"/>; the session owns it from now on and returns it after
    /// writing. Never waits. Returns false when the session is down (the buffer is returned).
    /// </summary>
    public bool SendUpdates(byte[] buffer, int length)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (_down)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return false;
        }
        return _connection.SendUpdates(buffer, length);
    }

    /// <summary>Copies one complete UPDATE and queues it (see <see cref="SendUpdates"/>).</summary>
    /// <exception cref="ArgumentException">The message exceeds the negotiated maximum size.</exception>
    public bool SendUpdate(ReadOnlySpan<byte> update)
    {
        if (update.Length > Negotiated.MaxMessageLength)
        {
            throw new ArgumentException($"UPDATE of {update.Length} bytes exceeds the negotiated maximum of {Negotiated.MaxMessageLength}", nameof(update));
        }
        var buffer = ArrayPool<byte>.Shared.Rent(update.Length);
        update.CopyTo(buffer);
        return SendUpdates(buffer, update.Length);
    }

    /// <summary>
    /// XOFF: asks for one <see cref="IBgpSessionSink.SendQueueDrained"/> once the send queue has
    /// drained. Returns false when it has room already (go on sending; no signal will come).
    /// </summary>
    public bool RequestSendQueueDrained() => !_down && _connection.RequestDrainedSignal();

    /// <summary>
    /// Set when the session went down under Graceful Restart (RFC 4724 s4.2): the RIB keeps the
    /// peer's routes as stale for its restart time instead of withdrawing them.
    /// </summary>
    public bool RoutesRetained { get; private set; }

    internal void MarkDown(bool routesRetained = false)
    {
        RoutesRetained = routesRetained;
        _down = true;
    }
}
