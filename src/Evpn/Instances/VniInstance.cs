using System.Collections.Immutable;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>One local EVPN instance and the engine's state for it.</summary>
internal sealed class VniInstance
{
    public VniInstance(LocalVni config, RouteDistinguisher rd, ImmutableArray<ImportRouteTarget> imports, ImmutableArray<RouteTarget> exports, FloodingMode flooding)
    {
        Vni = config.Vni;
        Macs = new MacTable(this);
        Apply(config, rd, imports, exports, flooding);
    }

    public LocalVni Config { get; private set; } = null!;

    public Vni Vni { get; }

    public RouteDistinguisher Rd { get; private set; }

    public ImmutableArray<ImportRouteTarget> Imports { get; private set; }

    public ImmutableArray<RouteTarget> Exports { get; private set; }

    public IpAddressValue Vtep { get; private set; }

    public byte[] VtepBytes { get; private set; } = [];

    public IpAddressValue MulticastGroup { get; private set; }

    public FloodingMode Flooding { get; private set; }

    /// <summary>
    /// BUM traffic goes to the VTEPs of remote type-3 routes (RFC 8365 s9): not with flooding
    /// disabled, and not when the VXLAN device has a multicast group, which already carries it
    /// (a head-end entry beside the group entry would deliver every frame twice).
    /// </summary>
    public bool FloodsByHeadEnd => Flooding == FloodingMode.HeadEndReplication && MulticastGroup.IsNone;

    /// <summary>Shared by every type-2 route without mobility or ARP/ND information (RFC 7432 s7.2, RFC 8365 s5.1.3).</summary>
    public ImmutableArray<PathAttribute> MacAttributes { get; private set; }

    public MacTable Macs { get; }

    /// <summary>Remote MAC+IP routes by IP (ARP/ND suppression entries).</summary>
    public Dictionary<IpAddressValue, NeighborEntry> Neighbors { get; } = [];

    /// <summary>Neighbours the kernel learned on the bridge, by IP, and the same by MAC.</summary>
    public Dictionary<IpAddressValue, LocalNeighbor> LocalNeighbors { get; } = [];

    public Dictionary<MacAddress, List<IpAddressValue>> LocalNeighborsByMac { get; } = [];

    /// <summary>How many imported type-3 routes name each VTEP.</summary>
    public Dictionary<IpAddressValue, int> FloodReferences { get; } = [];

    public HashSet<IpAddressValue> FloodInstalled { get; } = [];

    public HashSet<InclusiveMulticastRecord> ImportedInclusiveMulticast { get; } = [];

    public OriginatedRoute? InclusiveMulticast { get; set; }

    /// <summary>Takes a new configuration; the engine then brings routes and the dataplane in line.</summary>
    public void Apply(LocalVni config, RouteDistinguisher rd, ImmutableArray<ImportRouteTarget> imports, ImmutableArray<RouteTarget> exports, FloodingMode flooding)
    {
        Config = config;
        Rd = rd;
        Imports = imports;
        Exports = exports;
        Vtep = IpAddressValue.From(config.LocalVtep);
        VtepBytes = config.LocalVtep.GetAddressBytes();
        MulticastGroup = IpAddressValue.From(config.MulticastGroup);
        Flooding = flooding;
        MacAttributes = BuildAttributes(null, null, null);
    }

    public bool MatchesImport(ImmutableArray<RouteTarget> routeTargets)
    {
        foreach (var import in Imports)
        {
            foreach (var rt in routeTargets)
            {
                if (import.Matches(rt))
                {
                    return true;
                }
            }
        }
        return false;
    }

    public ImmutableArray<PathAttribute> BuildAttributes(MacMobilityCommunity? mobility, PmsiTunnel? tunnel, ArpNdCommunity? arpNd)
    {
        var communities = ImmutableArray.CreateBuilder<ExtendedCommunity>(Exports.Length + 3);
        foreach (var rt in Exports)
        {
            communities.Add(rt.ToExtendedCommunity());
        }
        communities.Add(EncapsulationCommunity.VxlanEncapsulation.ToExtendedCommunity());
        if (mobility is { } m)
        {
            communities.Add(m.ToExtendedCommunity());
        }
        if (arpNd is { } a)
        {
            communities.Add(a.ToExtendedCommunity());
        }
        var attributes = ImmutableArray.CreateBuilder<PathAttribute>(4);
        attributes.Add(new OriginAttribute(Origin.Igp));
        attributes.Add(AsPathAttribute.Empty);
        attributes.Add(new ExtendedCommunitiesAttribute(communities.ToImmutable()));
        if (tunnel is not null)
        {
            attributes.Add(tunnel.ToAttribute());
        }
        return attributes.ToImmutable();
    }
}
