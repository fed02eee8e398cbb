namespace Evpnd.Bgp.Wire;

/// <summary>ORIGIN values (RFC 4271 s5.1.1).</summary>
public enum Origin : byte
{
    Igp = 0,
    Egp = 1,
    Incomplete = 2,
}
