using System.Net;
using System.Runtime.CompilerServices;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Routing;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>Import: remote routes into the VNIs whose import RTs match, and from there into dataplane intents.</summary>
public sealed partial class EvpnEngine
{
    private readonly List<(VniInstance Instance, RemoteRoute Route)> _touched = [];
    private readonly ConditionalWeakTable<PathAttributeSet, RemoteAttributes> _attributes = [];

    /// <summary>
    /// The RIB's best path for one EVPN route changed. <paramref name="attributes"/> null means the
    /// route is gone (or its best path is now our own). Only routes learned from peers belong here.
    /// </summary>
    public void RemoteRouteChanged(ReadOnlySpan<byte> nlri, PathAttributeSet? attributes, ReadOnlySpan<byte> nextHop, IPAddress? peer)
    {
        var reader = new EvpnNlriReader(nlri);
        if (!reader.TryRead(out var view))
        {
            return;
        }
        Span<byte> key = stackalloc byte[EvpnRibFamily.Instance.MaxKeyLength];
        key = key[..EvpnRibFamily.Instance.WriteKey(view.Encoded, key)];
        _remoteByKey.TryGetValue(key, out var old);
        var updated = attributes is null ? null : Parse(view, key, attributes, nextHop, peer);
        if (old is null && updated is null)
        {
            return;
        }
        // Take the old route out and put the new one in before syncing anything, so that a
        // re-advertisement yields only the net difference (often none) and never a remove/add flap.
        _touched.Clear();
        if (old is not null)
        {
            _remote.Remove(old.Key);
            for (int i = old.ImportedInto.Count - 1; i >= 0; i--)
            {
                var instance = _instances[old.ImportedInto[i]];
                Unimport(instance, old);
                _touched.Add((instance, old));
            }
        }
        if (updated is not null)
        {
            _remote.Add(updated.Key, updated);
            foreach (var instance in _instances.Values)
            {
                if (instance.MatchesImport(updated.RouteTargets))
                {
                    Import(instance, updated);
                    _touched.Add((instance, updated));
                }
            }
        }
        foreach (var (instance, route) in _touched)
        {
            SyncRoute(instance, route);
        }
    }

    /// <summary>
    /// The same, from the RIB's change record: a best path that is now our own counts as the
    /// remote route going away.
    /// </summary>
    public void RemoteRouteChanged(in BestPathChange change)
    {
        if (change.Family != AfiSafi.L2vpnEvpn)
        {
            return;
        }
        bool remote = change.Kind != BestPathChangeKind.Withdrawn && !change.IsLocal && change.Attributes is not null;
        RemoteRouteChanged(change.Nlri.Span, remote ? change.Attributes : null, change.NextHop.Span, change.Peer);
    }

    private RemoteRoute? Parse(EvpnNlriView view, ReadOnlySpan<byte> key, PathAttributeSet attributes, ReadOnlySpan<byte> nextHop, IPAddress? peer)
    {
        if (view.Type is not (EvpnRouteType.MacIpAdvertisement or EvpnRouteType.InclusiveMulticast))
        {
            // Types 1, 4 and 5 are not imported into a layer-2 VNI (no multihoming or IRB here).
            return null;
        }
        var read = _attributes.GetValue(attributes, RemoteAttributes.Read);
        var vtep = ReadNextHop(nextHop);
        if (view.Type == EvpnRouteType.MacIpAdvertisement)
        {
            if (vtep.IsNone)
            {
                return null;
            }
            return new RemoteRoute
            {
                Key = key.ToArray(),
                Route = view.Decode(),
                RouteTargets = read.RouteTargets,
                NextHop = vtep,
                Peer = peer,
                Sequence = read.Mobility?.Sequence ?? 0,
                Sticky = read.Mobility?.Sticky ?? false,
            };
        }
        return new RemoteRoute
        {
            Key = key.ToArray(),
            Route = view.Decode(),
            RouteTargets = read.RouteTargets,
            NextHop = vtep,
            Peer = peer,
            FloodVtep = FloodVtep(view.InclusiveMulticastOriginator, read),
        };
    }

    /// <summary>
    /// RFC 8365 s9: the VTEP of ingress replication is the PMSI tunnel identifier; without a PMSI
    /// attribute (or with an unspecified identifier) the originating router's address. Other tunnel
    /// types (multicast trees) are not head-end replication and are not installed.
    /// </summary>
    private static IpAddressValue FloodVtep(IpAddressValue originator, RemoteAttributes attributes)
    {
        if (!attributes.HasTunnel)
        {
            return originator;
        }
        if (attributes.IngressReplication is not { } tunnel)
        {
            return IpAddressValue.None;
        }
        return tunnel.TunnelEndpoint.Bits == 0 ? originator : tunnel.TunnelEndpoint;
    }

    private static IpAddressValue ReadNextHop(ReadOnlySpan<byte> nextHop) => nextHop.Length switch
    {
        4 or 16 => IpAddressValue.Read(nextHop),
        // RFC 2545 s3: a global address followed by a link-local one; the VTEP is the global one.
        32 => IpAddressValue.Read(nextHop[..16]),
        _ => IpAddressValue.None,
    };

    private static void Import(VniInstance instance, RemoteRoute route)
    {
        route.ImportedInto.Add(instance.Vni);
        instance.Imported.Add(route);
        if (route.MacIp is { } macIp)
        {
            GetOrAddMac(instance, macIp.Mac).Remote.Add(route);
            if (!macIp.Ip.IsNone)
            {
                GetOrAddNeighbor(instance, macIp.Ip).Candidates.Add(route);
            }
        }
        else if (!route.FloodVtep.IsNone)
        {
            instance.FloodReferences[route.FloodVtep] = instance.FloodReferences.GetValueOrDefault(route.FloodVtep) + 1;
        }
    }

    private static void Unimport(VniInstance instance, RemoteRoute route)
    {
        route.ImportedInto.Remove(instance.Vni);
        instance.Imported.Remove(route);
        if (route.MacIp is { } macIp)
        {
            if (instance.Macs.TryGetValue(macIp.Mac, out var entry))
            {
                entry.Remote.Remove(route);
            }
            if (!macIp.Ip.IsNone && instance.Neighbors.TryGetValue(macIp.Ip, out var neighbor))
            {
                neighbor.Candidates.Remove(route);
            }
        }
        else if (!route.FloodVtep.IsNone && instance.FloodReferences.TryGetValue(route.FloodVtep, out int count))
        {
            instance.FloodReferences[route.FloodVtep] = count - 1;
        }
    }

    private void SyncRoute(VniInstance instance, RemoteRoute route)
    {
        if (route.MacIp is { } macIp)
        {
            if (instance.Macs.TryGetValue(macIp.Mac, out var entry))
            {
                SyncMac(instance, entry);
            }
            if (!macIp.Ip.IsNone)
            {
                SyncNeighbor(instance, macIp.Ip);
            }
        }
        else if (!route.FloodVtep.IsNone)
        {
            SyncFlood(instance, route.FloodVtep);
        }
    }

    private void SyncFlood(VniInstance instance, IpAddressValue vtep)
    {
        int references = instance.FloodReferences.GetValueOrDefault(vtep);
        if (references <= 0)
        {
            instance.FloodReferences.Remove(vtep);
        }
        // Our own VTEP is never a flood destination, whatever a peer reflects back.
        bool wanted = references > 0 && vtep != instance.Vtep;
        if (wanted && instance.FloodInstalled.Add(vtep))
        {
            _dataplane.Add(DataplaneIntent.FloodVtep(instance.Vni, vtep));
        }
        else if (!wanted && instance.FloodInstalled.Remove(vtep))
        {
            _dataplane.Add(DataplaneIntent.FloodVtepGone(instance.Vni, vtep));
        }
    }

    /// <summary>
    /// A remote MAC+IP route becomes a neighbour (ARP/ND suppression) entry, unless its MAC is
    /// local here; among several MACs claiming one IP the type-2 order picks one.
    /// </summary>
    private void SyncNeighbor(VniInstance instance, IpAddressValue ip)
    {
        if (!instance.Neighbors.TryGetValue(ip, out var neighbor))
        {
            return;
        }
        RemoteRoute? best = null;
        foreach (var candidate in neighbor.Candidates)
        {
            var mac = candidate.MacIp!.Mac;
            if (instance.Macs.TryGetValue(mac, out var entry) && entry.Local is not null)
            {
                continue;
            }
            if (best is null || RemoteRoute.Compare(candidate, best) < 0)
            {
                best = candidate;
            }
        }
        var desired = best?.MacIp!.Mac;
        if (desired != neighbor.Installed)
        {
            if (desired is { } mac)
            {
                _dataplane.Add(DataplaneIntent.Neighbor(instance.Vni, ip, mac, router: false));
            }
            else
            {
                _dataplane.Add(DataplaneIntent.NeighborGone(instance.Vni, ip));
            }
            neighbor.Installed = desired;
        }
        if (neighbor.Candidates.Count == 0 && neighbor.Installed is null)
        {
            instance.Neighbors.Remove(ip);
        }
    }

    private void SyncAllDataplane(VniInstance instance)
    {
        foreach (var vtep in instance.FloodReferences.Keys.Concat(instance.FloodInstalled).Distinct().ToList())
        {
            SyncFlood(instance, vtep);
        }
        foreach (var ip in instance.Neighbors.Keys.ToList())
        {
            SyncNeighbor(instance, ip);
        }
    }

    private static MacEntry GetOrAddMac(VniInstance instance, MacAddress mac)
    {
        if (!instance.Macs.TryGetValue(mac, out var entry))
        {
            entry = new MacEntry(mac);
            instance.Macs.Add(mac, entry);
        }
        return entry;
    }

    private static NeighborEntry GetOrAddNeighbor(VniInstance instance, IpAddressValue ip)
    {
        if (!instance.Neighbors.TryGetValue(ip, out var neighbor))
        {
            neighbor = new NeighborEntry();
            instance.Neighbors.Add(ip, neighbor);
        }
        return neighbor;
    }
}
