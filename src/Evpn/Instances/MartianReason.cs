namespace Evpnd.Evpn.Instances;

/// <summary>Why a route's next hop cannot be a remote VTEP.</summary>
public enum MartianReason
{
    /// <summary>One of our own VTEPs: a reflected route or an anycast VTEP pair; installing it would loop to ourselves.</summary>
    OwnVtep,

    /// <summary>0.0.0.0/8 or ::.</summary>
    Unspecified,

    /// <summary>127.0.0.0/8, ::1 or an IPv4-mapped loopback.</summary>
    Loopback,

    /// <summary>224.0.0.0/4 or ff00::/8.</summary>
    Multicast,

    /// <summary>169.254.0.0/16 or fe80::/10: not routable to another VTEP.</summary>
    LinkLocal,

    /// <summary>240.0.0.0/4 (class E and the limited broadcast address).</summary>
    Reserved,
}
