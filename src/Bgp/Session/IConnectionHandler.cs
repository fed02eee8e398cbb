using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>What a <see cref="BgpConnection"/> reports to its owner (the neighbor).</summary>
internal interface IConnectionHandler
{
    /// <summary>One complete message (header included). Returns false to stop reading.</summary>
    ValueTask<bool> OnMessageAsync(BgpConnection connection, BgpMessageType type, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    /// <summary>The framing rejected a header (1/x); the connection stops reading.</summary>
    void OnProtocolError(BgpConnection connection, BgpProtocolException error);

    /// <summary>The peer closed the connection or it broke.</summary>
    void OnConnectionLost(BgpConnection connection, string reason);

    void OnMessageSent(BgpConnection connection, BgpMessageType type);

    /// <summary>The send queue drained below its low-water mark after a <see cref="BgpConnection.RequestDrainedSignal"/> (the write loop's thread).</summary>
    void OnSendQueueDrained(BgpConnection connection);

    /// <summary>A loop failed for a reason other than a broken socket (a bug); the connection closes.</summary>
    void OnInternalError(BgpConnection connection, Exception error);
}
