using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>Where a remote route points (its VTEP, the MP_REACH next hop) and the peer it came from.</summary>
internal readonly record struct RouteSourceKey(IpAddressValue Vtep, IPAddress? Peer);
