using System.Net;

namespace Evpnd.Bgp.Session;

/// <summary>
/// One Established session with one neighbor: what the RIB needs to know about it and the way
/// to send it UPDATEs. A new instance is made each time the session comes up.
/// </summary>
public sealed class BgpPeerSession
{
    private readonly BgpConnection _connection;
    private volatile bool _down;

    internal BgpPeerSession(IPAddress address, NegotiatedSession negotiated, BgpConnection connection)
    {
        Address = address;
        Negotiated = negotiated;
        _connection = connection;
    }

    /// <summary>The configured neighbor address.</summary>
    public IPAddress Address { get; }

    /// <summary>Families, 4-octet AS, iBGP/eBGP (<see cref="NegotiatedSession.IsInternal"/>), peer router id.</summary>
    public NegotiatedSession Negotiated { get; }

    /// <summary>False once the session went down; sends then return false.</summary>
    public bool IsUp => !_down;

    /// <summary>
    /// Queues one complete UPDATE (header included) to this peer. The bytes are copied before
    /// the call returns, so the caller may reuse its buffer. Waits while the peer's send queue
    /// is full (back-pressure). Returns false when the session is down. Throws
    /// <see cref="ArgumentException"/> when the message exceeds the negotiated maximum size.
    /// </summary>
    public ValueTask<bool> SendUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken = default)
    {
        if (update.Length > Negotiated.MaxMessageLength)
        {
            throw new ArgumentException($"UPDATE of {update.Length} bytes exceeds the negotiated maximum of {Negotiated.MaxMessageLength}", nameof(update));
        }
        if (_down)
        {
            return ValueTask.FromResult(false);
        }
        return _connection.EnqueueRawAsync(update, cancellationToken);
    }

    internal void MarkDown() => _down = true;
}
