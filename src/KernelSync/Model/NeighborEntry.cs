namespace Evpnd.KernelSync;

/// <summary>
/// A remote IP-to-MAC binding (from a MAC/IP route) installed on the SVI or bridge so that a
/// port with neigh_suppress answers ARP/ND locally. Installed with NDA_PROTOCOL = RTPROT_BGP;
/// <paramref name="Router"/> (the ARP/ND community's R flag, RFC 9047) sets NTF_ROUTER.
/// </summary>
public readonly record struct NeighborEntry(int Ifindex, IpAddressValue Address, MacAddress Mac, bool Router = false);
