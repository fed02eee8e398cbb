using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// One entry of a connection's send queue: a message to encode, raw bytes in a pooled array
/// (one or more complete messages), or the instruction to close after flushing.
/// </summary>
internal readonly struct OutboundItem
{
    public OutboundItem(BgpMessage message)
    {
        Message = message;
    }

    public OutboundItem(byte[] pooled, int length, bool counted)
    {
        Pooled = pooled;
        Length = length;
        Counted = counted;
    }

    private OutboundItem(bool close)
    {
        IsClose = close;
    }

    public static OutboundItem Close => new(close: true);

    public BgpMessage? Message { get; }

    /// <summary>A buffer rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>; the writer returns it.</summary>
    public byte[]? Pooled { get; }

    public int Length { get; }

    /// <summary>The RIB's UPDATEs: counted against the send window until written.</summary>
    public bool Counted { get; }

    public bool IsClose { get; }
}
