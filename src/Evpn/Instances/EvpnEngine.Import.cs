using System.Net;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>Import: remote routes into the VNIs whose import RTs match, and from there into dataplane intents.</summary>
public sealed partial class EvpnEngine
{
    private readonly Dictionary<InclusiveMulticastKey, InclusiveMulticastRecord> _inclusive = [];

    /// <summary>The RIB's best paths changed (one batch, as <see cref="IBestPathObserver"/> hands it over).</summary>
    public void RemoteRouteChanged(ReadOnlySpan<BestPathChange> changes)
    {
        foreach (ref readonly var change in changes)
        {
            RemoteRouteChanged(in change);
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

    /// <summary>
    /// The RIB's best path for one EVPN route changed. <paramref name="attributes"/> null means the
    /// route is gone (or its best path is now our own). Only routes learned from peers belong here.
    /// Nothing of the spans is kept: the engine keeps the route's fields, not its bytes.
    /// </summary>
    public void RemoteRouteChanged(ReadOnlySpan<byte> nlri, PathAttributeSet? attributes, ReadOnlySpan<byte> nextHop, IPAddress? peer)
    {
        var reader = new EvpnNlriReader(nlri);
        if (!reader.TryRead(out var view))
        {
            return;
        }
        switch (view.Type)
        {
            case EvpnRouteType.MacIpAdvertisement:
                MacIpRouteChanged(view.Body, attributes, nextHop, peer);
                break;
            case EvpnRouteType.InclusiveMulticast:
                InclusiveMulticastRouteChanged(view, attributes, nextHop, peer);
                break;
            default:
                // Types 1, 4 and 5 are not imported into a layer-2 VNI (no multihoming or IRB here).
                break;
        }
    }

    /// <summary>
    /// A type-2 route (RFC 7432 s7.2 layout, see <see cref="MacIpAdvertisementRoute"/>): its key is
    /// RD, Ethernet Tag, MAC and IP; ESI and labels go into its interned template.
    /// </summary>
    private void MacIpRouteChanged(ReadOnlySpan<byte> body, PathAttributeSet? attributes, ReadOnlySpan<byte> nextHop, IPAddress? peer)
    {
        var rd = RouteDistinguisher.Read(body);
        var tag = EthernetTag.Read(body[18..]);
        var mac = MacAddress.Read(body[23..]);
        int ipBytes = body[29] / 8;
        var ip = IpAddressValue.Read(body.Slice(30, ipBytes));
        var vtep = attributes is null ? IpAddressValue.None : ReadNextHop(nextHop);
        if (vtep.IsNone || IsMartian(vtep, peer, EvpnRouteType.MacIpAdvertisement))
        {
            // Gone, or replaced by a path that cannot be used: either way the old one goes.
            if (FindPrefix(rd, tag) is { } known)
            {
                Place(known, mac, ip, null);
            }
            return;
        }
        var labels = body[(30 + ipBytes)..];
        var key = new NlriTemplateKey(rd, tag, EthernetSegmentId.Read(body[8..]), EvpnLabel.Read(labels),
            labels.Length == 2 * EvpnLabel.Length ? EvpnLabel.Read(labels[EvpnLabel.Length..]) : null);
        // Held while the route is placed: the tables add their own references.
        var path = new RemotePath(
            _templates.Hold(key, this, s_newTemplate),
            _attributes.Hold(attributes!, this, s_newAttributes),
            _sources.Hold(new RouteSourceKey(vtep, peer), this, s_newSource));
        if (_sources[path.Source].IsOwn)
        {
            CountMartian(peer, vtep, MartianReason.OwnVtep, EvpnRouteType.MacIpAdvertisement);
        }
        Place(_templates[path.Template].Prefix, mac, ip, path);
        ReleaseTemplate(path.Template);
        _attributes.Release(path.Attributes);
        _sources.Release(path.Source);
    }

    private void InclusiveMulticastRouteChanged(EvpnNlriView view, PathAttributeSet? attributes, ReadOnlySpan<byte> nextHop, IPAddress? peer)
    {
        var key = new InclusiveMulticastKey(view.Rd, EthernetTag.Read(view.Body[8..]), view.InclusiveMulticastOriginator);
        var vtep = attributes is null ? IpAddressValue.None : ReadNextHop(nextHop);
        InclusiveMulticastRecord? updated = null;
        if (!vtep.IsNone && !IsMartian(vtep, peer, EvpnRouteType.InclusiveMulticast))
        {
            int attributeIndex = _attributes.Hold(attributes!, this, s_newAttributes);
            int source = _sources.Hold(new RouteSourceKey(vtep, peer), this, s_newSource);
            if (_sources[source].IsOwn)
            {
                CountMartian(peer, vtep, MartianReason.OwnVtep, EvpnRouteType.InclusiveMulticast);
            }
            updated = new InclusiveMulticastRecord(key, attributeIndex, source, FloodVtep(key.OriginatingRouter, _attributes[attributeIndex]));
        }
        _inclusive.TryGetValue(key, out var old);
        if (old is not null && updated is not null && old.Attributes == updated.Attributes && old.Source == updated.Source)
        {
            // Identical re-advertisement: nothing changes (the references just taken go back).
            _attributes.Release(updated.Attributes);
            _sources.Release(updated.Source);
            return;
        }
        // Take the old route out and put the new one in before syncing anything, so that a
        // replacement yields only the net difference and never a remove/add flap.
        var touched = new List<(VniInstance Instance, IpAddressValue Vtep)>();
        if (old is not null)
        {
            _inclusive.Remove(key);
            for (int i = old.ImportedInto.Count - 1; i >= 0; i--)
            {
                var instance = old.ImportedInto[i];
                UnimportInclusiveMulticast(instance, old);
                touched.Add((instance, old.FloodVtep));
            }
            _attributes.Release(old.Attributes);
            _sources.Release(old.Source);
        }
        if (updated is not null)
        {
            _inclusive.Add(key, updated);
            foreach (var instance in InclusiveMulticastTargets(updated))
            {
                ImportInclusiveMulticast(instance, updated);
                touched.Add((instance, updated.FloodVtep));
            }
        }
        foreach (var (instance, floodVtep) in touched)
        {
            if (!floodVtep.IsNone)
            {
                SyncFlood(instance, floodVtep);
            }
        }
    }

    private VniInstance[] InclusiveMulticastTargets(InclusiveMulticastRecord record) =>
        _sources[record.Source].IsOwn ? [] : _attributes[record.Attributes].Targets;

    private static void ImportInclusiveMulticast(VniInstance instance, InclusiveMulticastRecord record)
    {
        record.ImportedInto.Add(instance);
        instance.ImportedInclusiveMulticast.Add(record);
        if (!record.FloodVtep.IsNone)
        {
            instance.FloodReferences[record.FloodVtep] = instance.FloodReferences.GetValueOrDefault(record.FloodVtep) + 1;
        }
    }

    private static void UnimportInclusiveMulticast(VniInstance instance, InclusiveMulticastRecord record)
    {
        record.ImportedInto.Remove(instance);
        instance.ImportedInclusiveMulticast.Remove(record);
        if (!record.FloodVtep.IsNone && instance.FloodReferences.TryGetValue(record.FloodVtep, out int count))
        {
            instance.FloodReferences[record.FloodVtep] = count - 1;
        }
    }

    /// <summary>Type-3 routes follow VNIs that were added, removed or re-configured (there are few: a full pass).</summary>
    private void RehomeInclusiveMulticast(VniInstance? removed)
    {
        foreach (var record in _inclusive.Values)
        {
            var targets = InclusiveMulticastTargets(record);
            foreach (var instance in record.ImportedInto.ToList())
            {
                if (!targets.Contains(instance))
                {
                    UnimportInclusiveMulticast(instance, record);
                    if (instance != removed && !record.FloodVtep.IsNone)
                    {
                        SyncFlood(instance, record.FloodVtep);
                    }
                }
            }
            foreach (var instance in targets)
            {
                if (!record.ImportedInto.Contains(instance))
                {
                    ImportInclusiveMulticast(instance, record);
                    if (!record.FloodVtep.IsNone)
                    {
                        SyncFlood(instance, record.FloodVtep);
                    }
                }
            }
        }
    }

    /// <summary>
    /// RFC 8365 s9: the VTEP of ingress replication is the PMSI tunnel identifier; without a PMSI
    /// attribute (or with an unspecified identifier) the originating router's address. Other tunnel
    /// types (multicast trees) are not head-end replication and are not installed.
    /// </summary>
    private static IpAddressValue FloodVtep(IpAddressValue originator, RemoteAttributes attributes)
    {
        var vtep = !attributes.HasTunnel ? originator
            : attributes.IngressReplication is not { } tunnel ? IpAddressValue.None
            : tunnel.TunnelEndpoint.Bits == 0 ? originator
            : tunnel.TunnelEndpoint;
        return vtep.IsNone || MartianAddress.Classify(vtep) is not null ? IpAddressValue.None : vtep;
    }

    private void SyncFlood(VniInstance instance, IpAddressValue vtep)
    {
        int references = instance.FloodReferences.GetValueOrDefault(vtep);
        if (references <= 0)
        {
            instance.FloodReferences.Remove(vtep);
        }
        // Our own VTEP is never a flood destination, whatever a peer reflects back; a VNI on a
        // multicast group, or with flooding disabled, has no head-end entries at all.
        bool wanted = references > 0 && vtep != instance.Vtep && instance.FloodsByHeadEnd;
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
    /// local here; among several MACs claiming one IP the type-2 order picks one. An IPv6
    /// neighbour whose route carries the ARP/ND community with R set is a router (RFC 9047 s2).
    /// </summary>
    private void SyncNeighbor(VniInstance instance, IpAddressValue ip)
    {
        if (!instance.Neighbors.TryGetValue(ip, out var neighbor))
        {
            return;
        }
        MacAddress? bestMac = null;
        RemoteRoute best = default;
        foreach (var mac in neighbor.Candidates)
        {
            if (!instance.Macs.TryGetEntry(mac, out var entry) || entry.Local is not null)
            {
                continue;
            }
            foreach (var route in entry.Remote)
            {
                if (route.Ip == ip && (bestMac is null || Compare(route, best) < 0))
                {
                    best = route;
                    bestMac = mac;
                }
            }
        }
        bool router = bestMac is not null && ip.IsIPv6 && _attributes[best.Path.Attributes].ArpNd is { Router: true };
        if (bestMac != neighbor.Installed || (bestMac is not null && router != neighbor.InstalledRouter))
        {
            if (bestMac is { } mac)
            {
                _dataplane.Add(DataplaneIntent.Neighbor(instance.Vni, ip, mac, router));
            }
            else
            {
                _dataplane.Add(DataplaneIntent.NeighborGone(instance.Vni, ip));
            }
            neighbor.Installed = bestMac;
            neighbor.InstalledRouter = router;
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
