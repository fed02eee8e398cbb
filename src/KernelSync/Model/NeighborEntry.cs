using System.Net;

namespace Evpnd.KernelSync;

/// <summary>
/// A remote IP-to-MAC binding (from a MAC/IP route) installed on the SVI or bridge so that a
/// port with neigh_suppress answers ARP/ND locally. Installed with NDA_PROTOCOL = RTPROT_BGP.
/// </summary>
public readonly record struct NeighborEntry(int Ifindex, IPAddress Address, MacAddress Mac);
