using System.Collections.Immutable;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Wire;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// What the engine reads from one path attribute set. The RIB interns attribute sets, so many
/// routes share one and this is worked out once per set, not once per route.
/// </summary>
internal sealed class RemoteAttributes
{
    private RemoteAttributes(ImmutableArray<RouteTarget> routeTargets, MacMobilityCommunity? mobility, bool hasTunnel, PmsiTunnel? ingressReplication)
    {
        RouteTargets = routeTargets;
        Mobility = mobility;
        HasTunnel = hasTunnel;
        IngressReplication = ingressReplication;
    }

    public ImmutableArray<RouteTarget> RouteTargets { get; }

    public MacMobilityCommunity? Mobility { get; }

    /// <summary>The set carries a PMSI Tunnel attribute (RFC 6514 s5).</summary>
    public bool HasTunnel { get; }

    /// <summary>The tunnel, when it is a well-formed ingress replication one.</summary>
    public PmsiTunnel? IngressReplication { get; }

    public static RemoteAttributes Read(PathAttributeSet attributes)
    {
        var communities = attributes.ExtendedCommunities?.Communities ?? [];
        var routeTargets = ImmutableArray.CreateBuilder<RouteTarget>();
        foreach (var community in communities)
        {
            if (RouteTarget.TryFrom(community, out var rt))
            {
                routeTargets.Add(rt);
            }
        }
        PmsiTunnel? tunnel = null;
        if (attributes.PmsiTunnel is { } attribute &&
            PmsiTunnel.TryDecode(attribute, out var decoded) == UpdateErrorAction.None &&
            decoded?.TunnelType == PmsiTunnelType.IngressReplication)
        {
            tunnel = decoded;
        }
        return new RemoteAttributes(
            routeTargets.ToImmutable(),
            EvpnCommunities.Read(communities.AsSpan()).MacMobility,
            attributes.PmsiTunnel is not null,
            tunnel);
    }
}
