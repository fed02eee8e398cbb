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
    private volatile bool _down;
    private int _pendingRoutes;

    internal BgpPeerSession(IPAddress address, NegotiatedSession negotiated, BgpConnection connection)
    {
        Address = address;
        Negotiated = negotiated;
        _connection = connection;
        UpdateOptions = new UpdateCodecOptions(negotiated.FourOctetAs, negotiated.MaxMessageLength, negotiated.Families);
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

    internal void MarkDown() => _down = true;
}
