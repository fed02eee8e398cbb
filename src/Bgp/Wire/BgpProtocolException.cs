namespace Evpnd.Bgp.Wire;

/// <summary>
/// A session-fatal protocol error: the session answers it with the NOTIFICATION it carries and
/// closes. RFC 7606 attribute-level errors that can be contained are not exceptions; they are
/// reported by the UPDATE parser as an <see cref="UpdateErrorAction"/>.
/// </summary>
public sealed class BgpProtocolException : Exception
{
    public BgpProtocolException(NotificationCode code, byte subcode, string message, byte[]? data = null)
        : base(message)
    {
        Code = code;
        Subcode = subcode;
        Data = data ?? [];
    }

    public NotificationCode Code { get; }

    public byte Subcode { get; }

    /// <summary>The NOTIFICATION data field (e.g. the offending header length).</summary>
    public new byte[] Data { get; }

    public NotificationMessage ToNotification() => new(Code, Subcode, Data);
}
