namespace Evpnd.Bgp.Wire;

/// <summary>Path attribute flags (RFC 4271 s4.3): the high four bits of the flags octet.</summary>
[Flags]
public enum PathAttributeFlags : byte
{
    None = 0,
    ExtendedLength = 0x10,
    Partial = 0x20,
    Transitive = 0x40,
    Optional = 0x80,
}
