namespace Evpnd.Bgp.Rib;

/// <summary>The select-defer-time after our start ended before every peer's End-of-RIB arrived (RFC 4724 s4.1).</summary>
internal sealed record SelectionDeferralExpired : RibLocalRequest
{
    public static readonly SelectionDeferralExpired Instance = new();
}
