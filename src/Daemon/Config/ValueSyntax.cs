using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Evpnd.Daemon.Config;

/// <summary>
/// Strict parsing of the scalar values a configuration holds. Stricter than the framework on
/// purpose: <see cref="IPAddress.TryParse(string, out IPAddress)"/> takes "10.1" as 10.0.0.1 and
/// "010.0.0.1" as octal, which in a router config is always a typo.
/// </summary>
internal static class ValueSyntax
{
    private static readonly SearchValues<char> s_digits = SearchValues.Create("0123456789");

    /// <summary>A decimal integer (optional leading '-'); <paramref name="tooLarge"/> when it has too many digits for a long.</summary>
    public static bool TryParseInteger(string text, out long value, out bool tooLarge)
    {
        tooLarge = false;
        value = 0;
        ReadOnlySpan<char> digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty || digits.ContainsAnyExcept(s_digits))
        {
            return false;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            tooLarge = true;
            return false;
        }

        return true;
    }

    /// <summary>
    /// An AS number: asplain ("65002", 0..4294967295) or asdot ("1.10" = 65546, RFC 5396).
    /// The caller checks the range; <paramref name="isNumber"/> tells a number that is too large
    /// from text that is not a number at all.
    /// </summary>
    public static bool TryParseAsNumber(string text, out long value, out bool isNumber)
    {
        if (TryParseInteger(text, out value, out bool tooLarge))
        {
            isNumber = true;
            return true;
        }

        isNumber = tooLarge;
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0
            && ushort.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out ushort high)
            && ushort.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort low))
        {
            isNumber = true;
            value = ((long)high << 16) | low;
            return true;
        }

        if (tooLarge)
        {
            value = long.MaxValue;
        }

        return false;
    }

    /// <summary>An IPv4 address written as exactly four decimal octets without leading zeros.</summary>
    public static bool TryParseIPv4(string text, out IPAddress address)
    {
        address = IPAddress.None;
        Span<byte> bytes = stackalloc byte[4];
        int octet = 0;
        ReadOnlySpan<char> rest = text;
        while (true)
        {
            int dot = rest.IndexOf('.');
            ReadOnlySpan<char> part = dot < 0 ? rest : rest[..dot];
            if (octet == 4
                || part.IsEmpty
                || part.Length > 3
                || (part.Length > 1 && part[0] == '0')
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[octet]))
            {
                return false;
            }

            octet++;
            if (dot < 0)
            {
                break;
            }

            rest = rest[(dot + 1)..];
        }

        if (octet != 4)
        {
            return false;
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>
    /// An IPv4 dotted quad or an IPv6 address (RFC 4291 s2.2 text forms, optional %zone).
    /// An IPv4-mapped IPv6 address is returned as the IPv4 address it stands for, so that the
    /// same peer written two ways is one peer.
    /// </summary>
    public static bool TryParseIP(string text, out IPAddress address)
    {
        if (!text.Contains(':', StringComparison.Ordinal))
        {
            return TryParseIPv4(text, out address);
        }

        if (text.StartsWith('[') || !IPAddress.TryParse(text, out IPAddress? parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            address = IPAddress.None;
            return false;
        }

        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return true;
    }

    /// <summary>
    /// A 48-bit MAC as six hex pairs separated by ':' or '-'; returned in the canonical
    /// lowercase colon form ("02:00:00:00:00:01").
    /// </summary>
    public static bool TryParseMac(string text, out string canonical)
    {
        canonical = string.Empty;
        if (text.Length != 17)
        {
            return false;
        }

        char separator = text[2];
        if (separator is not (':' or '-'))
        {
            return false;
        }

        Span<char> result = stackalloc char[17];
        for (int i = 0; i < 17; i++)
        {
            char c = text[i];
            if (i % 3 == 2)
            {
                if (c != separator)
                {
                    return false;
                }

                result[i] = ':';
            }
            else if (char.IsAsciiHexDigit(c))
            {
                result[i] = char.ToLowerInvariant(c);
            }
            else
            {
                return false;
            }
        }

        canonical = new string(result);
        return true;
    }

    /// <summary>The MAC's first octet has the group (I/G) bit set: a multicast or broadcast address.</summary>
    public static bool IsGroupMac(string canonical) =>
        (byte.Parse(canonical.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x01) != 0;
}
