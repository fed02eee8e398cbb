using System.Net;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>How many routes of one VNI and type came from one peer, or were originated here (no peer).</summary>
public sealed record EvpnRouteCount(Vni Vni, EvpnRouteType Type, EvpnRouteOrigin Origin, IPAddress? Peer, int Count);
