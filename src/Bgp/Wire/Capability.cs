namespace Evpnd.Bgp.Wire;

/// <summary>A BGP capability carried in the OPEN (RFC 5492).</summary>
public abstract record Capability
{
    public abstract byte Code { get; }
}
