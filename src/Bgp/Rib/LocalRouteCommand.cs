using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>Originate (attributes set) or withdraw (attributes null) a route this speaker owns.</summary>
internal sealed record LocalRouteCommand(AfiSafi Family, byte[] Nlri, byte[] NextHop, IReadOnlyList<PathAttribute>? Attributes) : RibLocalRequest;
