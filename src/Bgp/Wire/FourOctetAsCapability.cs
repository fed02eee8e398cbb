namespace Evpnd.Bgp.Wire;

/// <summary>4-octet AS number (RFC 6793).</summary>
public sealed record FourOctetAsCapability(uint Asn) : Capability
{
    public override byte Code => (byte)CapabilityCode.FourOctetAs;
}
