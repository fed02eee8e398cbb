namespace Evpnd.Evpn.Wire;

/// <summary>PMSI tunnel types (RFC 6514 s5; IANA "P-Multicast Service Interface Tunnel Types").</summary>
public enum PmsiTunnelType : byte
{
    NoTunnelInformation = 0,
    RsvpTeP2mp = 1,
    MldpP2mp = 2,
    PimSsm = 3,
    PimSm = 4,
    BidirPim = 5,
    IngressReplication = 6,
    MldpMp2mp = 7,
}
