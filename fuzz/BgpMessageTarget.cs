using System.Buffers;
using Evpnd.Bgp.Wire;

namespace Evpnd.Fuzz;

/// <summary>
/// The BGP message decoder as a connection's read path meets it: the input is the byte stream of
/// one TCP connection, framed by the header's length (RFC 4271 s4.1), every frame decoded (OPEN
/// with its capabilities, UPDATE with its RFC 7606 check, NOTIFICATION, ROUTE-REFRESH).
/// </summary>
public static class BgpMessageTarget
{
    private static readonly UpdateCodecOptions s_options = new(true, BgpHeader.MaxExtendedMessageLength);

    public static FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        var buffer = new ReadOnlySequence<byte>(input.ToArray());
        try
        {
            while (BgpMessageCodec.TryReadFrame(ref buffer, BgpHeader.MaxExtendedMessageLength, out var frame, out _))
            {
                BgpMessageCodec.Decode(frame.ToArray(), s_options);
            }
        }
        catch (BgpProtocolException)
        {
            return FuzzOutcome.Refused;
        }
        // Bytes left over are a message still arriving: not an error, but not a whole stream either.
        return buffer.IsEmpty ? FuzzOutcome.Accepted : FuzzOutcome.Refused;
    }
}
