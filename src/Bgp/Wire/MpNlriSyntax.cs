namespace Evpnd.Bgp.Wire;

/// <summary>
/// Syntax checks on the NLRI carried in MP_REACH/MP_UNREACH for the families this speaker knows, so
/// that an unparseable NLRI is found before the message is acted on (RFC 7606 s5.3, s7.11).
/// The EVPN route contents themselves are decoded in src/Evpn; here only their framing is checked.
/// </summary>
internal static class MpNlriSyntax
{
    public static bool IsWellFormed(AfiSafi family, ReadOnlySpan<byte> nlri) => (family.Afi, family.Safi) switch
    {
        (1, 1) => PrefixesAreWellFormed(nlri, 32),
        (2, 1) => PrefixesAreWellFormed(nlri, 128),
        // RFC 7432 s7: Route Type(1) Length(1) Route Type specific(Length), repeated.
        (25, 70) => TypeLengthValuesAreWellFormed(nlri),
        _ => true,
    };

    /// <summary>RFC 4760 s3 next hop lengths: IPv4 4, IPv6 16 or 32 (with link-local).</summary>
    public static bool NextHopLengthIsValid(AfiSafi family, int length) => (family.Afi, family.Safi) switch
    {
        (1, 1) or (25, 70) => length is 4 or 16 or 32,
        (2, 1) => length is 16 or 32,
        _ => true,
    };

    private static bool PrefixesAreWellFormed(ReadOnlySpan<byte> nlri, int maxBits)
    {
        while (!nlri.IsEmpty)
        {
            if (nlri[0] > maxBits)
            {
                return false;
            }
            int length = 1 + (nlri[0] + 7) / 8;
            if (nlri.Length < length)
            {
                return false;
            }
            nlri = nlri[length..];
        }
        return true;
    }

    private static bool TypeLengthValuesAreWellFormed(ReadOnlySpan<byte> nlri)
    {
        while (!nlri.IsEmpty)
        {
            if (nlri.Length < 2 || nlri.Length < 2 + nlri[1])
            {
                return false;
            }
            nlri = nlri[(2 + nlri[1])..];
        }
        return true;
    }
}
