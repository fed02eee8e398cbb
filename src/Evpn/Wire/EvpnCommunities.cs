using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// The EVPN-relevant extended communities of one route, typed, read in one pass without allocating.
/// Route targets are not collected here (a route may carry many): use <see cref="RouteTarget.TryFrom"/>.
/// Where a kind appears more than once the first occurrence is kept.
/// </summary>
public readonly record struct EvpnCommunities(
    EncapsulationCommunity? Encapsulation,
    MacMobilityCommunity? MacMobility,
    bool DefaultGateway,
    RoutersMacCommunity? RoutersMac,
    ArpNdCommunity? ArpNd,
    EsiLabelCommunity? EsiLabel,
    EsImportRouteTarget? EsImport)
{
    /// <summary>True when the routes use VXLAN (RFC 8365 s5.1.3), so labels are VNIs.</summary>
    public bool IsVxlan => Encapsulation?.TunnelType == EncapsulationCommunity.Vxlan;

    public static EvpnCommunities Read(ReadOnlySpan<ExtendedCommunity> communities)
    {
        EncapsulationCommunity? encapsulation = null;
        MacMobilityCommunity? mobility = null;
        bool defaultGateway = false;
        RoutersMacCommunity? routersMac = null;
        ArpNdCommunity? arpNd = null;
        EsiLabelCommunity? esiLabel = null;
        EsImportRouteTarget? esImport = null;
        foreach (var community in communities)
        {
            if (encapsulation is null && EncapsulationCommunity.TryFrom(community, out var e))
            {
                encapsulation = e;
            }
            else if (mobility is null && MacMobilityCommunity.TryFrom(community, out var m))
            {
                mobility = m;
            }
            else if (DefaultGatewayCommunity.Is(community))
            {
                defaultGateway = true;
            }
            else if (routersMac is null && RoutersMacCommunity.TryFrom(community, out var r))
            {
                routersMac = r;
            }
            else if (arpNd is null && ArpNdCommunity.TryFrom(community, out var a))
            {
                arpNd = a;
            }
            else if (esiLabel is null && EsiLabelCommunity.TryFrom(community, out var l))
            {
                esiLabel = l;
            }
            else if (esImport is null && EsImportRouteTarget.TryFrom(community, out var i))
            {
                esImport = i;
            }
        }
        return new EvpnCommunities(encapsulation, mobility, defaultGateway, routersMac, arpNd, esiLabel, esImport);
    }
}
