namespace Evpnd.Bgp.Wire;

/// <summary>Multiprotocol Extensions (RFC 4760 s8): AFI(2) Reserved(1) SAFI(1).</summary>
public sealed record MultiprotocolCapability(AfiSafi Family) : Capability
{
    public override byte Code => (byte)CapabilityCode.Multiprotocol;
}
