namespace Evpnd.KernelSync;

/// <summary>Modifiers of a <see cref="DataplaneIntent"/>.</summary>
[Flags]
public enum DataplaneIntentFlags : byte
{
    None = 0,

    /// <summary>A remote MAC that may not move (RFC 7432 s15.2): installed static (NTF_STICKY, NUD_NOARP).</summary>
    Sticky = 1,

    /// <summary>A neighbour that is a router (RFC 9047 ARP/ND community R flag): installed with NTF_ROUTER.</summary>
    Router = 2,
}
