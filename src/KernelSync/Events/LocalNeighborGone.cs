using System.Net;

namespace Evpnd.KernelSync;

/// <summary>A local ARP/ND entry on the VNI's bridge went away or stopped being usable.</summary>
public sealed record LocalNeighborGone(Vni Vni, IPAddress Address) : KernelEvent;
