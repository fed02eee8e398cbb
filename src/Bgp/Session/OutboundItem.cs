using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// One entry of a connection's send queue: a message to encode, raw bytes in a pooled array
/// (UPDATEs), or the instruction to close after flushing.
/// </summary>
internal readonly struct OutboundItem
{
    public OutboundItem(BgpMessage message)
    {
        Message = message;
    }

    public OutboundItem(byte[] pooled, int length, bool credited)
    {
        Pooled = pooled;
        Length = length;
        Credited = credited;
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

    /// <summary>True when this item holds one of the connection's send credits (RIB UPDATEs).</summary>
    public bool Credited { get; }

    public bool IsClose { get; }
}
