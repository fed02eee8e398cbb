using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Routing;
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
            [.. i.FloodReferences.Where(r => r.Value > 0 && r.Key != i.Vtep).Select(r => r.Key)
                .Order(Comparer<IpAddressValue>.Create(CompareAddresses)).Select(v => v.ToIPAddress()!)],
            i.Macs.DetailedEntries().Count(e => e.Local is not null),
            i.Macs.Slots.Values.Count(s => s.IsCompact) + i.Macs.DetailedEntries().Count(e => e.Local is null && (e.Remote.Count > 0 || e.Installed is not null)),
            i.Config.MulticastGroup,
            i.Flooding,
            _remoteMacLimiter?.RefusedIn(i.Vni) ?? 0))];

    public IReadOnlyList<EvpnMacSnapshot> GetMacs(Vni? vni = null)
    {
        var macs = new List<EvpnMacSnapshot>();
        foreach (var instance in _instances.Values.OrderBy(i => i.Vni.Value))
        {
            if (vni is { } v && instance.Vni != v)
            {
                continue;
            }
            foreach (var (mac, slot) in instance.Macs.Slots.OrderBy(s => s.Key.Value))
            {
                if (slot.IsCompact)
                {
                    var attributes = _attributes[slot.Path.Attributes];
                    macs.Add(new EvpnMacSnapshot(
                        instance.Vni, mac, [], _sources[slot.Path.Source].Vtep.ToIPAddress(), attributes.Sequence, attributes.Sticky, false, false, false,
                        _sources[slot.Path.Source].Peer));
                    continue;
                }
                var entry = instance.Macs.Entry(slot);
                if (entry.Local is { } local)
                {
                    macs.Add(new EvpnMacSnapshot(
                        instance.Vni, mac, [.. LocalIps(instance, entry).Select(ip => ip.ToIPAddress()!)], null,
                        local.Sequence, local.Sticky, entry.AdvertisedCount > 0, entry.Duplicate, entry.Frozen));
                    continue;
                }
                int best = BestRemote(entry);
                var vtep = entry.Installed?.Vtep ?? (best >= 0 ? _sources[entry.Remote[best].Path.Source].Vtep : IpAddressValue.None);
                if (vtep.IsNone)
                {
                    continue;
                }
                var ips = entry.Remote.Where(r => _sources[r.Path.Source].Vtep == vtep && !r.Ip.IsNone).Select(r => r.Ip.ToIPAddress()!);
                var bestAttributes = best >= 0 ? _attributes[entry.Remote[best].Path.Attributes] : null;
                macs.Add(new EvpnMacSnapshot(
                    instance.Vni, mac, [.. ips], vtep.ToIPAddress(),
                    entry.Installed?.Sequence ?? bestAttributes!.Sequence, entry.Installed?.Sticky ?? bestAttributes!.Sticky, false, entry.Duplicate, entry.Frozen,
                    best >= 0 ? _sources[entry.Remote[best].Path.Source].Peer : null));
            }
        }
        return macs;
    }

    /// <summary>The neighbours the kernel learned on the VNIs' bridges, active (advertised) or waiting for their MAC.</summary>
    public IReadOnlyList<EvpnNeighborSnapshot> GetLocalNeighbors(Vni? vni = null)
    {
        var neighbors = new List<EvpnNeighborSnapshot>();
        foreach (var instance in _instances.Values.OrderBy(i => i.Vni.Value))
        {
            if (vni is { } v && instance.Vni != v)
            {
                continue;
            }
            foreach (var (ip, neighbor) in instance.LocalNeighbors.OrderBy(n => n.Key, Comparer<IpAddressValue>.Create(CompareAddresses)))
            {
                bool active = instance.Macs.TryGetEntry(neighbor.Mac, out var entry) && entry.Local is not null && entry.AdvertisedCount > 0 && entry.Advertised.ContainsKey(ip);
                neighbors.Add(new EvpnNeighborSnapshot(instance.Vni, ip.ToIPAddress()!, neighbor.Mac, neighbor.Router, active));
            }
        }
        return neighbors;
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
            local.AddRange(instance.Macs.DetailedEntries().OrderBy(e => e.Mac.Value).Where(e => e.AdvertisedCount > 0).SelectMany(e => e.Advertised.Values));
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
            var imported = new List<(EvpnRoute Route, int Attributes, int Source)>();
            if (type is null or EvpnRouteType.InclusiveMulticast)
            {
                imported.AddRange(instance.ImportedInclusiveMulticast.Select(r => ((EvpnRoute)r.ToRoute(), r.Attributes, r.Source)));
            }
            if (type is null or EvpnRouteType.MacIpAdvertisement)
            {
                foreach (var (mac, slot) in instance.Macs.Slots)
                {
                    if (slot.IsCompact)
                    {
                        imported.Add((_templates[slot.Path.Template].ToRoute(mac, IpAddressValue.None), slot.Path.Attributes, slot.Path.Source));
                        continue;
                    }
                    foreach (var route in instance.Macs.Entry(slot).Remote)
                    {
                        imported.Add((_templates[route.Path.Template].ToRoute(mac, route.Ip), route.Path.Attributes, route.Path.Source));
                    }
                }
            }
            foreach (var (route, attributeIndex, sourceIndex) in imported.OrderBy(r => KeyOf(r.Route), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))))
            {
                var attributes = _attributes[attributeIndex];
                var source = _sources[sourceIndex];
                routes.Add(new EvpnRouteSnapshot(
                    EvpnRouteOrigin.Imported, instance.Vni, route, attributes.RouteTargets, source.Vtep.ToIPAddress(), source.Peer,
                    attributes.Sequence, attributes.Sticky));
            }
        }
        return routes;
    }

    internal EngineFootprint Footprint() => new(
        _instances.Values.Sum(i => i.Macs.Slots.Values.Count(s => s.IsCompact)),
        _instances.Values.Sum(i => i.Macs.DetailedCount),
        _unimported.Slots.Count,
        _templates.Count,
        _prefixes.Count,
        _attributes.Count,
        _sources.Count);

    /// <summary>The advertised IPs of a local MAC: those given with it and its active neighbours.</summary>
    private static IEnumerable<IpAddressValue> LocalIps(VniInstance instance, MacEntry entry) =>
        entry.AdvertisedCount > 0 ? entry.Advertised.Keys.Where(ip => !ip.IsNone).Order(Comparer<IpAddressValue>.Create(CompareAddresses)) : entry.Local!.Ips;

    private static byte[] KeyOf(EvpnRoute route)
    {
        var nlri = route.Encode();
        var key = new byte[EvpnRibFamily.Instance.MaxKeyLength];
        return key[..EvpnRibFamily.Instance.WriteKey(nlri, key)];
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
