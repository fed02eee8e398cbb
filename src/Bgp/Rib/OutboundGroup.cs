using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// Routes that go out in the same UPDATEs (BIRD's bucket): one family, one outgoing attribute
/// block and next hop, compared by reference (both are shared); withdrawals have neither.
/// </summary>
internal readonly record struct OutboundGroup(AfiSafi Family, byte[]? Attributes, byte[]? NextHop)
{
    public bool IsWithdrawal => Attributes is null;
}
