using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>One neighbour (ARP/ND entry) the kernel learned on a VNI's bridge.</summary>
/// <param name="Active">Its MAC is local, so it is advertised as a MAC+IP route; otherwise it waits for the MAC.</param>
public sealed record EvpnNeighborSnapshot(Vni Vni, IPAddress Ip, MacAddress Mac, bool Router, bool Active);
