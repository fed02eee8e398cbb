using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>Read-only views for the CLI; each call copies, so the caller may keep the result.</summary>
public sealed partial class EvpnEngine
{
    public IReadOnlyList<EvpnVniSnapshot> GetVnis() =>
        [.. _instances.Values.OrderBy(i => i.Vni.Value).Select(i => new EvpnVniSnapshot(
            i.Vni,
            i.Config.LocalVtep,
            i.Rd,
            i.Config.Rd is null,
            i.Imports,
            i.Exports,
            [.. i.FloodInstalled.OrderBy(v => v, Comparer<IpAddressValue>.Create(RemoteRoute.CompareAddresses)).Select(v => v.ToIPAddress()!)],
            i.Macs.Values.Count(e => e.Local is not null),
            i.Macs.Values.Count(e => e.Local is null && (e.Remote.Count > 0 || e.Installed is not null))))];

    public IReadOnlyList<EvpnMacSnapshot> GetMacs(Vni? vni = null)
    {
        var macs = new List<EvpnMacSnapshot>();
        foreach (var instance in _instances.Values.OrderBy(i => i.Vni.Value))
        {
            if (vni is { } v && instance.Vni != v)
            {
                continue;
            }
            foreach (var entry in instance.Macs.Values.OrderBy(e => e.Mac.Value))
            {
                if (entry.Local is { } local)
                {
                    macs.Add(new EvpnMacSnapshot(
                        instance.Vni, entry.Mac, [.. local.Ips.Select(ip => ip.ToIPAddress()!)], null,
                        local.Sequence, local.Sticky, entry.Advertised.Count > 0, entry.Duplicate, entry.Frozen));
                    continue;
                }
                var best = entry.BestRemote();
                var vtep = entry.Installed?.Vtep ?? best?.NextHop ?? IpAddressValue.None;
                if (vtep.IsNone)
                {
                    continue;
                }
                var ips = entry.Remote.Where(r => r.NextHop == vtep && !r.MacIp!.Ip.IsNone).Select(r => r.MacIp!.Ip.ToIPAddress()!);
                macs.Add(new EvpnMacSnapshot(
                    instance.Vni, entry.Mac, [.. ips], vtep.ToIPAddress(),
                    entry.Installed?.Sequence ?? best!.Sequence, entry.Installed?.Sticky ?? best!.Sticky, false, entry.Duplicate, entry.Frozen));
            }
        }
        return macs;
    }

    public IReadOnlyList<EvpnRouteSnapshot> GetRoutes(EvpnRouteType? type = null, Vni? vni = null)
    {
        var routes = new List<EvpnRouteSnapshot>();
        foreach (var instance in _instances.Values.OrderBy(i => i.Vni.Value))
        {
            if (vni is { } v && instance.Vni != v)
            {
                continue;
            }
            var local = new List<OriginatedRoute>();
            if (instance.InclusiveMulticast is { } imet)
            {
                local.Add(imet);
            }
            local.AddRange(instance.Macs.Values.OrderBy(e => e.Mac.Value).SelectMany(e => e.Advertised.Values));
            foreach (var route in local)
            {
                if (type is null || route.Route.RouteType == type)
                {
                    var mobility = MobilityOf(route);
                    routes.Add(new EvpnRouteSnapshot(
                        EvpnRouteOrigin.Local, instance.Vni, route.Route, instance.Exports, instance.Config.LocalVtep, null,
                        mobility?.Sequence ?? 0, mobility?.Sticky ?? false));
                }
            }
            foreach (var route in instance.Imported.OrderBy(r => r.Key, Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))))
            {
                if (type is null || route.Route.RouteType == type)
                {
                    routes.Add(new EvpnRouteSnapshot(
                        EvpnRouteOrigin.Imported, instance.Vni, route.Route, route.RouteTargets, route.NextHop.ToIPAddress(), route.Peer,
                        route.Sequence, route.Sticky));
                }
            }
        }
        return routes;
    }

    private static MacMobilityCommunity? MobilityOf(OriginatedRoute route)
    {
        foreach (var attribute in route.Attributes)
        {
            if (attribute is ExtendedCommunitiesAttribute communities)
            {
                return EvpnCommunities.Read(communities.Communities.AsSpan()).MacMobility;
            }
        }
        return null;
    }
}
