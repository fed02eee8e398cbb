using System.Buffers;
using System.Buffers.Binary;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// Framing and whole-message encode/decode. No I/O. OPEN and capabilities live in
/// <c>BgpMessageCodec.Open.cs</c>; UPDATE frames are read with <see cref="UpdateReader"/>.
/// </summary>
public static partial class BgpMessageCodec
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
    {
        frame = default;
        type = default;
        if (buffer.Length < BgpHeader.Length)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[BgpHeader.Length];
        buffer.Slice(0, BgpHeader.Length).CopyTo(header);
        var length = CheckHeader(header, maxLength);
        if (buffer.Length < length)
        {
            return false;
        }
        type = (BgpMessageType)header[18];
        frame = buffer.Slice(0, length);
        buffer = buffer.Slice(length);
        return true;
    }

    /// <summary>
    /// Checks a 19-byte header (RFC 4271 s4.1, s6.1) and returns the message length. Throws
    /// <see cref="BgpProtocolException"/> with the Message Header Error subcode.
    /// </summary>
    /// <remarks>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                                                               |
    /// +                                                               +
    /// |                           Marker                              |
    /// +                                                               +
    /// |                                                               |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |          Length               |      Type     |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// </remarks>
    public static int CheckHeader(ReadOnlySpan<byte> header, int maxLength)
    {
        if (header.Length < BgpHeader.Length)
        {
            throw new ArgumentException("A BGP header is 19 bytes.", nameof(header));
        }
        if (header[..BgpHeader.MarkerLength].ContainsAnyExcept((byte)0xFF))
        {
            throw new BgpProtocolException(NotificationCode.MessageHeaderError, MessageHeaderErrorSubcode.ConnectionNotSynchronized,
                "Header marker is not all ones.");
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        byte type = header[18];
        if (length < BgpHeader.Length || length > maxLength)
        {
            throw BadLength(length, $"Message length {length} outside 19..{maxLength}.");
        }
        // RFC 4271 s6.1: the length must also suit the type. RFC 8654 s4: OPEN and KEEPALIVE
        // stay within 4096 even once Extended Message is negotiated.
        switch ((BgpMessageType)type)
        {
            case BgpMessageType.Open when length < 29 || length > BgpHeader.MaxMessageLength:
                throw BadLength(length, $"OPEN length {length} outside 29..4096.");
            case BgpMessageType.Update when length < 23:
                throw BadLength(length, $"UPDATE length {length} below 23.");
            case BgpMessageType.Notification when length < 21:
                throw BadLength(length, $"NOTIFICATION length {length} below 21.");
            case BgpMessageType.Keepalive when length != BgpHeader.Length:
                throw BadLength(length, $"KEEPALIVE length {length} is not 19.");
            // A ROUTE-REFRESH shorter than 23 cannot carry its AFI/SAFI (RFC 2918 s3); a longer one
            // is answered with 7/1 once its body (and subtype) is known (RFC 7313 s5), in Decode.
            case BgpMessageType.RouteRefresh when length < 23:
                throw BadLength(length, $"ROUTE-REFRESH length {length} below 23.");
            case BgpMessageType.Open:
            case BgpMessageType.Update:
            case BgpMessageType.Notification:
            case BgpMessageType.Keepalive:
            case BgpMessageType.RouteRefresh:
                return length;
            default:
                throw new BgpProtocolException(NotificationCode.MessageHeaderError, MessageHeaderErrorSubcode.BadMessageType,
                    $"Unknown message type {type}.", [type]);
        }
    }

    /// <summary>
    /// The frame as one span: itself when it sits in one segment (the usual case), else copied into
    /// <paramref name="scratch"/>, which must hold the maximum message length.
    /// </summary>
    public static ReadOnlySpan<byte> ToContiguous(in ReadOnlySequence<byte> frame, Span<byte> scratch)
    {
        if (frame.IsSingleSegment)
        {
            return frame.FirstSpan;
        }
        var length = (int)frame.Length;
        frame.CopyTo(scratch);
        return scratch[..length];
    }

    private static BgpProtocolException BadLength(int length, string message) =>
        new(NotificationCode.MessageHeaderError, MessageHeaderErrorSubcode.BadMessageLength, message,
            [(byte)(length >> 8), (byte)length]);

    /// <summary>
    /// Decodes a complete non-UPDATE message (header included). OPEN errors throw
    /// <see cref="BgpProtocolException"/> with code 2 and the right subcode (version 2/1 with the
    /// supported version as data; hold time 1 or 2 -> 2/6; malformed parameters 2/0 or 1/2).
    /// Peer-AS and BGP-identifier policy checks (2/2, 2/3) belong to the FSM, not here.
    /// UPDATE frames are read with <c>UpdateReader</c> instead, without allocating; given one,
    /// this decodes it into an <see cref="UpdateMessage"/> assuming 4-octet AS numbers.
    /// </summary>
    public static BgpMessage Decode(ReadOnlySpan<byte> frame) => Decode(frame, UpdateCodecOptions.Default);

    /// <summary>
    /// As <see cref="Decode(ReadOnlySpan{byte})"/>; an UPDATE is decoded with
    /// <paramref name="options"/> and throws <see cref="BgpProtocolException"/> when RFC 7606 asks
    /// for a session reset (use <see cref="UpdateMessage.Decode"/> to see weaker actions).
    /// </summary>
    public static BgpMessage Decode(ReadOnlySpan<byte> frame, UpdateCodecOptions options)
    {
        var length = CheckHeader(frame, BgpHeader.MaxExtendedMessageLength);
        if (frame.Length != length)
        {
            throw new ArgumentException($"Frame is {frame.Length} bytes but its header says {length}.", nameof(frame));
        }
        var body = frame[BgpHeader.Length..];
        switch ((BgpMessageType)frame[18])
        {
            case BgpMessageType.Open:
                return DecodeOpen(body);
            case BgpMessageType.Keepalive:
                return KeepaliveMessage.Instance;
            case BgpMessageType.Notification:
                return DecodeNotification(body);
            case BgpMessageType.RouteRefresh:
                return DecodeRouteRefresh(frame);
            default:
                var update = UpdateMessage.Decode(frame, options, out var validation);
                if (validation.Action == UpdateErrorAction.SessionReset)
                {
                    throw new BgpProtocolException(validation.Notification!.Code, validation.Notification.Subcode,
                        validation.Reason ?? "Malformed UPDATE.", validation.Notification.Data);
                }
                return update;
        }
    }

    /// <summary>
    /// NOTIFICATION body (RFC 4271 s4.5).
    /// </summary>
    /// <remarks>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// | Error code    | Error subcode |   Data (variable)             |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// </remarks>
    private static NotificationMessage DecodeNotification(ReadOnlySpan<byte> body) =>
        new((NotificationCode)body[0], body[1], body[2..].ToArray());

    /// <summary>
    /// ROUTE-REFRESH (RFC 2918 s3, RFC 7313 s3); the whole frame so the 7/1 data can carry it.
    /// </summary>
    /// <remarks>
    ///  0       7      15      23      31
    /// +-------+-------+-------+-------+
    /// |      AFI      | Subtype | SAFI |
    /// +-------+-------+-------+-------+
    /// </remarks>
    private static RouteRefreshMessage DecodeRouteRefresh(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != 23)
        {
            // RFC 7313 s5: Invalid Message Length, the data field carries the complete message.
            throw new BgpProtocolException(NotificationCode.RouteRefreshMessageError, RouteRefreshErrorSubcode.InvalidMessageLength,
                $"ROUTE-REFRESH length {frame.Length} is not 23.", frame.ToArray());
        }
        var body = frame[BgpHeader.Length..];
        return new RouteRefreshMessage(new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(body), body[3]), (RouteRefreshSubtype)body[2]);
    }

    /// <summary>Writes one message, header included, and returns its length.</summary>
    public static int Write(BgpMessage message, IBufferWriter<byte> output) => Write(message, output, UpdateCodecOptions.Default);

    /// <summary>
    /// Writes one message, header included, and returns its length. UPDATEs are encoded with
    /// <paramref name="options"/> (2- or 4-octet AS numbers) and must fit its maximum length.
    /// </summary>
    public static int Write(BgpMessage message, IBufferWriter<byte> output, UpdateCodecOptions options)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        int length = message switch
        {
            OpenMessage open => BgpHeader.Length + GetOpenBodyLength(open),
            KeepaliveMessage => BgpHeader.Length,
            NotificationMessage n => BgpHeader.Length + 2 + n.Data.Length,
            RouteRefreshMessage => BgpHeader.Length + 4,
            UpdateMessage u => u.GetEncodedLength(options),
            _ => throw new ArgumentException($"Cannot encode {message.GetType().Name}.", nameof(message)),
        };
        var max = message is UpdateMessage or NotificationMessage ? options.MaxMessageLength : BgpHeader.MaxMessageLength;
        if (length > max)
        {
            throw new ArgumentException($"{message.Type} of {length} bytes exceeds the maximum of {max}.", nameof(message));
        }
        var span = output.GetSpan(length)[..length];
        WriteHeader(span, length, message.Type);
        var body = span[BgpHeader.Length..];
        switch (message)
        {
            case OpenMessage open:
                WriteOpenBody(open, body);
                break;
            case NotificationMessage n:
                body[0] = (byte)n.Code;
                body[1] = n.Subcode;
                n.Data.CopyTo(body[2..]);
                break;
            case RouteRefreshMessage rr:
                BinaryPrimitives.WriteUInt16BigEndian(body, rr.Family.Afi);
                body[2] = (byte)rr.Subtype;
                body[3] = rr.Family.Safi;
                break;
            case UpdateMessage u:
                u.WriteBody(body, options);
                break;
        }
        output.Advance(length);
        return length;
    }

    /// <summary>Writes the 19-byte header: marker, length, type.</summary>
    public static void WriteHeader(Span<byte> destination, int length, BgpMessageType type)
    {
        destination[..BgpHeader.MarkerLength].Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(destination[16..], checked((ushort)length));
        destination[18] = (byte)type;
    }
}
