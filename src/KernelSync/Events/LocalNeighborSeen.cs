using System.Net;

namespace Evpnd.KernelSync;

/// <summary>
/// A reachable ARP/ND entry on the VNI's bridge (an SVI) that evpnd did not install: the IP of a
/// MAC. It makes no MAC local by itself; the EVPN side attaches it to a MAC once that MAC is learned
/// on a local port. <paramref name="Router"/>: NTF_ROUTER (an IPv6 router).
/// </summary>
public sealed record LocalNeighborSeen(Vni Vni, IPAddress Address, MacAddress Mac, bool Router) : KernelEvent;
