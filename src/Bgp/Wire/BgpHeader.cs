namespace Evpnd.Bgp.Wire;

/// <summary>RFC 4271 s4.1 header constants; RFC 8654 extended maximum.</summary>
public static class BgpHeader
{
    public const int MarkerLength = 16;
    public const int Length = 19;
    public const int MaxMessageLength = 4096;
    public const int MaxExtendedMessageLength = 65535;
}
