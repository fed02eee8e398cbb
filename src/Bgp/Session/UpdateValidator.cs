using System.Buffers.Binary;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// The session-fatal checks on a received UPDATE until the codec's RFC 7606 reader is wired in:
/// the withdrawn routes and path attribute lengths must fit the message (RFC 4271 s6.3,
/// RFC 7606 s5.3: otherwise 3/1 Malformed Attribute List).
/// </summary>
internal static class UpdateValidator
{
    /// <summary>Returns the NOTIFICATION that resets the session, or null.</summary>
    public static NotificationMessage? Validate(ReadOnlySpan<byte> frame)
    {
        var body = frame[BgpHeader.Length..];
        if (body.Length < 4)
        {
            return Malformed();
        }
        var withdrawn = BinaryPrimitives.ReadUInt16BigEndian(body);
        if (2 + withdrawn + 2 > body.Length)
        {
            return Malformed();
        }
        var attributes = BinaryPrimitives.ReadUInt16BigEndian(body[(2 + withdrawn)..]);
        if (2 + withdrawn + 2 + attributes > body.Length)
        {
            return Malformed();
        }
        return null;
    }

    private static NotificationMessage Malformed() =>
        new(NotificationCode.UpdateMessageError, UpdateMessageErrorSubcode.MalformedAttributeList);
}
