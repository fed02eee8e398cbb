using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// What the session negotiated that changes how an UPDATE is read or written: whether AS numbers in
/// AS_PATH/AGGREGATOR are 4 octets (RFC 6793, both sides sent capability 65), the maximum
/// message length (4096, or 65535 with RFC 8654 Extended Message on both sides) and the address
/// families (RFC 4760 s8; left default, every family is checked as if negotiated).
/// </summary>
public readonly record struct UpdateCodecOptions(bool FourOctetAs, int MaxMessageLength = BgpHeader.MaxMessageLength,
    ImmutableArray<AfiSafi> Families = default)
{
    /// <summary>4-octet AS numbers, 4096-byte messages: what FRR and GoBGP negotiate with us.</summary>
    public static UpdateCodecOptions Default => new(true, BgpHeader.MaxMessageLength);

    /// <summary>The maximum message length, 4096 when left unset.</summary>
    public int EffectiveMaxMessageLength => MaxMessageLength <= 0 ? BgpHeader.MaxMessageLength : MaxMessageLength;

    /// <summary>Bytes per AS number in AS_PATH and AGGREGATOR.</summary>
    internal int AsSize => FourOctetAs ? 4 : 2;

    /// <summary>The session carries this family (true for every family when the families were not given).</summary>
    public bool Negotiated(AfiSafi family) => Families.IsDefault || Families.Contains(family);
}
