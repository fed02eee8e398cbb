using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Evpnd.Evpn;

/// <summary>
/// The <c>ADMIN:ASSIGNED</c> text form shared by route distinguishers and route targets (RFC 4364
/// s4.2, RFC 4360 s3), written the way FRR writes them: <c>65002:100</c> (2-octet AS, 4-octet
/// number), <c>10.255.0.2:3</c> (IPv4, 2-octet number), <c>4200000000:5</c> (4-octet AS, 2-octet number).
/// </summary>
internal static class AdministratorSyntax
{
    public enum Form : byte
    {
        TwoOctetAs = 0,
        Ipv4Address = 1,
        FourOctetAs = 2,
    }

    public static bool TryParse(string? text, out Form form, out uint administrator, out uint assigned)
    {
        form = default;
        administrator = 0;
        assigned = 0;
        int colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0 ||
            !uint.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out assigned))
        {
            return false;
        }
        var left = text.AsSpan(0, colon);
        if (left.Contains('.'))
        {
            if (!IPAddress.TryParse(left, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || assigned > ushort.MaxValue)
            {
                return false;
            }
            Span<byte> bytes = stackalloc byte[4];
            ip.TryWriteBytes(bytes, out _);
            administrator = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
            form = Form.Ipv4Address;
            return true;
        }
        if (!uint.TryParse(left, NumberStyles.None, CultureInfo.InvariantCulture, out administrator))
        {
            return false;
        }
        if (administrator <= ushort.MaxValue)
        {
            form = Form.TwoOctetAs;
            return true;
        }
        form = Form.FourOctetAs;
        return assigned <= ushort.MaxValue;
    }

    public static string Format(Form form, uint administrator, uint assigned) => form == Form.Ipv4Address
        ? string.Create(CultureInfo.InvariantCulture, $"{administrator >> 24}.{(administrator >> 16) & 0xFF}.{(administrator >> 8) & 0xFF}.{administrator & 0xFF}:{assigned}")
        : string.Create(CultureInfo.InvariantCulture, $"{administrator}:{assigned}");
}
