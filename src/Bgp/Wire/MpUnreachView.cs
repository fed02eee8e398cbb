namespace Evpnd.Bgp.Wire;

/// <summary>MP_UNREACH_NLRI fields as spans into the UPDATE (RFC 4760 s4).</summary>
public readonly ref struct MpUnreachView
{
    public MpUnreachView(AfiSafi family, ReadOnlySpan<byte> withdrawn)
    {
        Family = family;
        Withdrawn = withdrawn;
    }

    public AfiSafi Family { get; }

    public ReadOnlySpan<byte> Withdrawn { get; }
}
