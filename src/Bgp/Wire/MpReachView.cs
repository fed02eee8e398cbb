namespace Evpnd.Bgp.Wire;

/// <summary>MP_REACH_NLRI fields as spans into the UPDATE (RFC 4760 s3).</summary>
public readonly ref struct MpReachView
{
    public MpReachView(AfiSafi family, ReadOnlySpan<byte> nextHop, ReadOnlySpan<byte> nlri)
    {
        Family = family;
        NextHop = nextHop;
        Nlri = nlri;
    }

    public AfiSafi Family { get; }

    public ReadOnlySpan<byte> NextHop { get; }

    public ReadOnlySpan<byte> Nlri { get; }
}
