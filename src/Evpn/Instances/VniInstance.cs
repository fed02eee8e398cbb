using System.Collections.Immutable;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>One local EVPN instance and the engine's state for it.</summary>
internal sealed class VniInstance
{
    public VniInstance(LocalVni config, RouteDistinguisher rd, ImmutableArray<ImportRouteTarget> imports, ImmutableArray<RouteTarget> exports)
    {
        Config = config;
        Vni = config.Vni;
        Rd = rd;
        Imports = imports;
        Exports = exports;
        Vtep = IpAddressValue.From(config.LocalVtep);
        VtepBytes = config.LocalVtep.GetAddressBytes();
        // Shared by every type-2 route without mobility information (RFC 7432 s7.2, RFC 8365 s5.1.3).
        MacAttributes = BuildAttributes(null, null);
    }

    public LocalVni Config { get; }

    public Vni Vni { get; }

    public RouteDistinguisher Rd { get; }

    public ImmutableArray<ImportRouteTarget> Imports { get; }

    public ImmutableArray<RouteTarget> Exports { get; }

    public IpAddressValue Vtep { get; }

    public byte[] VtepBytes { get; }

    public ImmutableArray<PathAttribute> MacAttributes { get; }

    public Dictionary<MacAddress, MacEntry> Macs { get; } = [];

    public Dictionary<IpAddressValue, NeighborEntry> Neighbors { get; } = [];

    /// <summary>How many imported type-3 routes name each VTEP.</summary>
    public Dictionary<IpAddressValue, int> FloodReferences { get; } = [];

    public HashSet<IpAddressValue> FloodInstalled { get; } = [];

    public HashSet<RemoteRoute> Imported { get; } = [];

    public OriginatedRoute? InclusiveMulticast { get; set; }

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

    public ImmutableArray<PathAttribute> BuildAttributes(MacMobilityCommunity? mobility, PmsiTunnel? tunnel)
    {
        var communities = ImmutableArray.CreateBuilder<ExtendedCommunity>(Exports.Length + 2);
        foreach (var rt in Exports)
        {
            communities.Add(rt.ToExtendedCommunity());
        }
        communities.Add(EncapsulationCommunity.VxlanEncapsulation.ToExtendedCommunity());
        if (mobility is { } m)
        {
            communities.Add(m.ToExtendedCommunity());
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
