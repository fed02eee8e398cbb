using System.Net;
using Evpnd.Evpn.Wire;

namespace Evpnd.Evpn.Instances;

/// <summary>A route dropped for its next hop (FRR: <c>bgp_update_martian_nexthop</c>).</summary>
/// <param name="Peer">The peer that sent it (null when the caller did not say).</param>
public sealed record MartianNextHop(IPAddress? Peer, IPAddress NextHop, MartianReason Reason, EvpnRouteType RouteType);
