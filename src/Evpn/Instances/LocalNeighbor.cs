using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// An IP-to-MAC binding the kernel learned on the VNI's bridge (ARP/ND). It is advertised as a
/// MAC+IP route only while its MAC is local; otherwise it waits.
/// </summary>
/// <param name="Router">The kernel flags the neighbour as a router (NTF_ROUTER; IPv6 only).</param>
internal readonly record struct LocalNeighbor(MacAddress Mac, bool Router);
