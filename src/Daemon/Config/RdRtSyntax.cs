using System.Globalization;
using System.Net;

namespace Evpnd.Daemon.Config;

/// <summary>
/// The one place that checks route distinguisher and route target text. They stay strings in
/// the configuration records (the semantic types live in src/Evpn), but any string that passes
/// here encodes as one of the RFC 4364 s4.2 RD types / RFC 4360 s4 route target forms:
/// <list type="bullet">
/// <item>2-byte AS : 4-byte number (type 0)</item>
/// <item>IPv4 address : 2-byte number (type 1)</item>
/// <item>4-byte AS : 2-byte number (type 2)</item>
/// </list>
/// plus <c>auto</c>, and for import route targets <c>*:NN</c>, which matches any AS (FRR's wildcard).
/// </summary>
internal static class RdRtSyntax
{
    public const string Auto = "auto";

    /// <summary>Null when <paramref name="text"/> is a usable RD (canonical form in <paramref name="canonical"/>), else what is wrong with it.</summary>
    public static string? CheckRouteDistinguisher(string text, out string canonical) =>
        Check(text, allowWildcard: false, out canonical);

    /// <summary>As <see cref="CheckRouteDistinguisher"/> for a route target; <paramref name="allowWildcard"/> admits <c>*:NN</c> (import only).</summary>
    public static string? CheckRouteTarget(string text, bool allowWildcard, out string canonical) =>
        Check(text, allowWildcard, out canonical);

    private static string? Check(string text, bool allowWildcard, out string canonical)
    {
        canonical = text;
        if (string.Equals(text, Auto, StringComparison.OrdinalIgnoreCase))
        {
            canonical = Auto;
            return null;
        }

        string expected = allowWildcard ? "is not auto, ASN:NN, IPv4:NN or *:NN" : "is not auto, ASN:NN or IPv4:NN";
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return expected;
        }

        string left = text[..colon];
        if (!ValueSyntax.TryParseInteger(text[(colon + 1)..], out long number, out bool tooLarge))
        {
            return tooLarge ? "is out of range: the number after ':' must be 0..4294967295" : expected;
        }

        if (number < 0 || number > uint.MaxValue)
        {
            return "is out of range: the number after ':' must be 0..4294967295";
        }

        if (left == "*")
        {
            if (!allowWildcard)
            {
                return "uses '*', which only an import route target may";
            }

            canonical = string.Create(CultureInfo.InvariantCulture, $"*:{number}");
            return null;
        }

        if (left.Contains('.', StringComparison.Ordinal) && ValueSyntax.TryParseIPv4(left, out IPAddress ip))
        {
            if (number > ushort.MaxValue)
            {
                return "is out of range: after an IPv4 address the number must be 0..65535";
            }

            canonical = string.Create(CultureInfo.InvariantCulture, $"{ip}:{number}");
            return null;
        }

        if (!ValueSyntax.TryParseAsNumber(left, out long asn, out bool isNumber) || asn < 0)
        {
            return isNumber ? "is out of range: the AS must be 1..4294967295" : expected;
        }

        if (asn == 0)
        {
            return "uses AS 0, which is reserved (RFC 7607)";
        }

        if (asn > uint.MaxValue)
        {
            return "is out of range: the AS must be 1..4294967295";
        }

        if (asn > ushort.MaxValue && number > ushort.MaxValue)
        {
            return "is out of range: after a 4-byte AS the number must be 0..65535";
        }

        canonical = string.Create(CultureInfo.InvariantCulture, $"{asn}:{number}");
        return null;
    }
}
