namespace Evpnd.Bgp.Wire;

/// <summary>ADD-PATH send/receive mode (RFC 7911).</summary>
[Flags]
public enum AddPathMode : byte
{
    None = 0,
    Receive = 1,
    Send = 2,
    Both = 3,
}
