using System.Text;

namespace Evpnd.Bgp.Wire;

/// <summary>NOTIFICATION (RFC 4271 s4.5): Error code(1), Error subcode(1), Data.</summary>
public sealed record NotificationMessage(NotificationCode Code, byte Subcode, byte[] Data) : BgpMessage
{
    public override BgpMessageType Type => BgpMessageType.Notification;

    public NotificationMessage(NotificationCode code, byte subcode)
        : this(code, subcode, [])
    {
    }

    /// <summary>
    /// Cease with an RFC 8203/9003 shutdown communication: Length(1) then up to 255 bytes of UTF-8.
    /// Longer text is cut at a character boundary.
    /// </summary>
    public static NotificationMessage Shutdown(byte ceaseSubcode, string? communication)
    {
        if (string.IsNullOrEmpty(communication))
        {
            return new NotificationMessage(NotificationCode.Cease, ceaseSubcode);
        }
        var text = communication;
        while (Encoding.UTF8.GetByteCount(text) > 255)
        {
            text = text[..^1];
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        var data = new byte[bytes.Length + 1];
        data[0] = (byte)bytes.Length;
        bytes.CopyTo(data, 1);
        return new NotificationMessage(NotificationCode.Cease, ceaseSubcode, data);
    }

    /// <summary>
    /// Cease 6/1, Maximum Number of Prefixes Reached, with the data RFC 4486 s4 suggests:
    /// AFI(2), SAFI(1), the upper bound(4).
    /// </summary>
    public static NotificationMessage MaximumPrefixesReached(AfiSafi family, uint limit)
    {
        var data = new byte[7];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(data, family.Afi);
        data[2] = family.Safi;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(3), limit);
        return new NotificationMessage(NotificationCode.Cease, CeaseSubcode.MaximumPrefixesReached, data);
    }

    /// <summary>The RFC 8203/9003 shutdown communication, if this is a Cease 2 or 4 that carries one.</summary>
    public string? ShutdownCommunication
    {
        get
        {
            if (Code != NotificationCode.Cease ||
                (Subcode != CeaseSubcode.AdministrativeShutdown && Subcode != CeaseSubcode.AdministrativeReset) ||
                Data.Length == 0 || Data[0] + 1 > Data.Length)
            {
                return null;
            }
            return Encoding.UTF8.GetString(Data, 1, Data[0]);
        }
    }

    public bool Equals(NotificationMessage? other) =>
        other is not null && Code == other.Code && Subcode == other.Subcode && Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode() => HashCode.Combine(Code, Subcode, Data.Length);

    /// <summary>
    /// RFC 8538 s3: a Hard Reset carries the NOTIFICATION it stands for (code, subcode, data) in
    /// its data; null for any other message, or a Hard Reset too short to hold one.
    /// </summary>
    public NotificationMessage? HardResetCause =>
        Code == NotificationCode.Cease && Subcode == CeaseSubcode.HardReset && Data.Length >= 2
            ? new NotificationMessage((NotificationCode)Data[0], Data[1], Data[2..])
            : null;

    public override string ToString()
    {
        if (HardResetCause is { } cause)
        {
            // "6/9 (Cease/Hard Reset) for 6/4 (Cease/Administrative Reset: "cleared by the operator")"
            return $"{(byte)Code}/{Subcode} ({NotificationText.Describe(Code, Subcode)}) for {cause}";
        }
        var text = ShutdownCommunication;
        return text is null
            ? $"{(byte)Code}/{Subcode} ({NotificationText.Describe(Code, Subcode)})"
            : $"{(byte)Code}/{Subcode} ({NotificationText.Describe(Code, Subcode)}: \"{text}\")";
    }
}
