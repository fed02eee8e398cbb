using System.Collections.Immutable;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Wire;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// What the engine reads from one path attribute set. The RIB interns attribute sets, so many
/// routes share one and this is worked out once per set, not once per route; the engine interns
/// these in turn (one per set in use) and routes refer to them by index.
/// </summary>
internal sealed class RemoteAttributes
{
    private RemoteAttributes(ImmutableArray<RouteTarget> routeTargets, MacMobilityCommunity? mobility, bool hasTunnel, PmsiTunnel? ingressReplication, ArpNdCommunity? arpNd)
    {
        RouteTargets = routeTargets;
        Mobility = mobility;
        HasTunnel = hasTunnel;
        IngressReplication = ingressReplication;
        ArpNd = arpNd;
    }

    public ImmutableArray<RouteTarget> RouteTargets { get; }

    public MacMobilityCommunity? Mobility { get; }

    /// <summary>Type 2: the MAC Mobility community's sequence (0 when absent, RFC 7432 s15.1).</summary>
    public uint Sequence => Mobility?.Sequence ?? 0;

    public bool Sticky => Mobility?.Sticky ?? false;

    /// <summary>The set carries a PMSI Tunnel attribute (RFC 6514 s5).</summary>
    public bool HasTunnel { get; }

    /// <summary>The tunnel, when it is a well-formed ingress replication one.</summary>
    public PmsiTunnel? IngressReplication { get; }

    /// <summary>The ARP/ND extended community (RFC 9047), when present.</summary>
    public ArpNdCommunity? ArpNd { get; }

    /// <summary>The local VNIs whose import RTs match (kept current by the engine whenever VNIs change).</summary>
    public VniInstance[] Targets { get; set; } = [];

    /// <summary>Set while the engine re-places routes after <see cref="Targets"/> changed.</summary>
    public bool Moved { get; set; }

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
        var evpn = EvpnCommunities.Read(communities.AsSpan());
        return new RemoteAttributes(routeTargets.ToImmutable(), evpn.MacMobility, attributes.PmsiTunnel is not null, tunnel, evpn.ArpNd);
    }
}
