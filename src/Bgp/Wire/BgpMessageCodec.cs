using System.Buffers;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// Framing and whole-message encode/decode. No I/O. CONTRACT STUB: the codec work fills the bodies;
/// the signatures are what the session driver codes against.
/// </summary>
public static class BgpMessageCodec
{
    /// <summary>
    /// Takes one complete message off the front of <paramref name="buffer"/>. Returns false when
    /// more bytes are needed (buffer untouched). The header is checked before the body is awaited:
    /// bad marker (1/1), length below 19 or above <paramref name="maxLength"/> or wrong for the
    /// type (1/2, data = the length field), unknown type (1/3, data = the type byte) throw
    /// <see cref="BgpProtocolException"/>. On success <paramref name="frame"/> is the whole message
    /// including the header and <paramref name="buffer"/> is advanced past it.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> frame, out BgpMessageType type)
        => throw new NotImplementedException();

    /// <summary>
    /// Decodes a complete non-UPDATE message (header included). OPEN errors throw
    /// <see cref="BgpProtocolException"/> with code 2 and the right subcode (version 2/1 with the
    /// supported version as data; hold time 1 or 2 -> 2/6; malformed parameters 2/0 or 1/2).
    /// Peer-AS and BGP-identifier policy checks (2/2, 2/3) belong to the FSM, not here.
    /// UPDATE frames are read with <c>UpdateReader</c> instead, without allocating.
    /// </summary>
    public static BgpMessage Decode(ReadOnlySpan<byte> frame)
        => throw new NotImplementedException();

    /// <summary>Writes one message, header included, and returns its length.</summary>
    public static int Write(BgpMessage message, IBufferWriter<byte> output)
        => throw new NotImplementedException();
}
