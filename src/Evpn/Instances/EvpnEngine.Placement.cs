using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Evpnd.Bgp.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// Placement: which <see cref="MacTable"/>s hold a remote type-2 route. A route is in the table of
/// every VNI whose import RTs match it (RFC 7432 s9.2.2 with RFC 8365 s5.1.2), or, when none does
/// or its VTEP is one of ours, in the table of routes no VNI imports; always in exactly those.
/// </summary>
public sealed partial class EvpnEngine
{
    private readonly MacTable _unimported = new(null);
    private readonly InternTable<NlriTemplateKey, NlriTemplate> _templates = new();
    private readonly Dictionary<(RouteDistinguisher Rd, EthernetTag Tag), RouteKeyPrefix> _prefixes = [];
    private readonly InternTable<PathAttributeSet, RemoteAttributes> _attributes = new(ReferenceEqualityComparer.Instance);
    private readonly InternTable<RouteSourceKey, RouteSource> _sources = new();
    private readonly List<MacTable> _scratchTables = [];
    private RouteKeyPrefix? _lastPrefix;

    private static readonly Func<NlriTemplateKey, EvpnEngine, NlriTemplate> s_newTemplate = static (key, engine) => engine.NewTemplate(key);
    private static readonly Func<PathAttributeSet, EvpnEngine, RemoteAttributes> s_newAttributes = static (set, engine) => engine.NewAttributes(set);
    private static readonly Func<RouteSourceKey, EvpnEngine, RouteSource> s_newSource = static (key, engine) => new RouteSource(key) { IsOwn = engine.IsOwnVtep(key.Vtep) };

    /// <summary>
    /// Brings the route with key (<paramref name="prefix"/>, <paramref name="mac"/>,
    /// <paramref name="ip"/>) to where it belongs: <paramref name="path"/> null removes it everywhere.
    /// </summary>
    private void Place(RouteKeyPrefix prefix, MacAddress mac, IpAddressValue ip, RemotePath? path)
    {
        var tables = _scratchTables;
        tables.Clear();
        if (path is { } p)
        {
            var targets = TargetsOf(p);
            if (targets.Length == 0)
            {
                tables.Add(_unimported);
            }
            foreach (var instance in targets)
            {
                tables.Add(instance.Macs);
            }
        }
        int desired = tables.Count;
        for (int i = 0; i < prefix.TableCount; i++)
        {
            var table = prefix.Table(i);
            if (!tables.Contains(table))
            {
                tables.Add(table);
            }
        }
        for (int i = 0; i < tables.Count; i++)
        {
            if (i < desired)
            {
                Upsert(tables[i], prefix, mac, ip, path!.Value);
            }
            else
            {
                Remove(tables[i], prefix, mac, ip);
            }
        }
        tables.Clear();
    }

    private VniInstance[] TargetsOf(RemotePath path) =>
        _sources[path.Source].IsOwn ? [] : _attributes[path.Attributes].Targets;

    /// <summary>Adds or replaces the route in one table and brings the MAC's state in line.</summary>
    private void Upsert(MacTable table, RouteKeyPrefix prefix, MacAddress mac, IpAddressValue ip, RemotePath path)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(table.Slots, mac, out bool exists);
        if (!exists && ip.IsNone && MacSlot.Fits(path))
        {
            // The common case: a MAC seen for the first time, from one VTEP.
            slot.Path = path;
            AddReferences(table, prefix, path);
            if (table.Instance is { } instance)
            {
                _dataplane.Add(DataplaneIntent.RemoteMac(instance.Vni, mac, _sources[path.Source].Vtep, _attributes[path.Attributes].Sticky));
            }
            return;
        }
        if (exists && slot.IsCompact && ip.IsNone && _templates[slot.Path.Template].Prefix == prefix)
        {
            if (slot.Path == path)
            {
                return;
            }
            if (TryReplaceCompact(table, mac, ref slot, path))
            {
                AddReferences(table, prefix, path);
                return;
            }
        }
        var entry = exists ? Detail(table, mac, ref slot) : NewDetail(table, mac, ref slot);
        int index = entry.IndexOf(prefix, ip, _templates);
        if (index >= 0)
        {
            if (entry.Remote[index].Path == path)
            {
                return;
            }
            ReleaseReferences(table, prefix, entry.Remote[index].Path);
            entry.Remote[index] = new RemoteRoute(path, ip);
        }
        else
        {
            if (table.Instance is { } instance && !ip.IsNone && !entry.HasIp(ip))
            {
                GetOrAddNeighbor(instance, ip).Candidates.Add(mac);
            }
            entry.Remote.Add(new RemoteRoute(path, ip));
        }
        AddReferences(table, prefix, path);
        Settle(table, entry, ip);
    }

    /// <summary>Removes the route from one table, if it is there, and brings the MAC's state in line.</summary>
    private void Remove(MacTable table, RouteKeyPrefix prefix, MacAddress mac, IpAddressValue ip)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(table.Slots, mac);
        if (Unsafe.IsNullRef(ref slot))
        {
            return;
        }
        if (slot.IsCompact)
        {
            if (!ip.IsNone || _templates[slot.Path.Template].Prefix != prefix)
            {
                return;
            }
            var path = slot.Path;
            table.Slots.Remove(mac);
            if (table.Instance is { } instance)
            {
                _dataplane.Add(DataplaneIntent.RemoteMacGone(instance.Vni, mac));
            }
            ReleaseReferences(table, prefix, path);
            return;
        }
        var entry = table.Entry(slot);
        int index = entry.IndexOf(prefix, ip, _templates);
        if (index < 0)
        {
            return;
        }
        var removed = entry.Remote[index].Path;
        entry.Remote.RemoveAt(index);
        if (table.Instance is { } owner && !ip.IsNone && !entry.HasIp(ip) && owner.Neighbors.TryGetValue(ip, out var neighbor))
        {
            neighbor.Candidates.Remove(mac);
        }
        ReleaseReferences(table, prefix, removed);
        Settle(table, entry, ip);
    }

    /// <summary>
    /// The single MAC-only route of a compact MAC is replaced: stays compact when the full logic
    /// would only re-install it (the dataplane is told when the VTEP or the sticky flag changed).
    /// A move to another VTEP with a higher sequence counts for duplicate detection and needs the
    /// detailed form.
    /// </summary>
    private bool TryReplaceCompact(MacTable table, MacAddress mac, ref MacSlot slot, RemotePath path)
    {
        if (!MacSlot.Fits(path))
        {
            return false;
        }
        var oldVtep = _sources[slot.Path.Source].Vtep;
        var newVtep = _sources[path.Source].Vtep;
        var oldAttributes = _attributes[slot.Path.Attributes];
        var newAttributes = _attributes[path.Attributes];
        if (table.Instance is { } instance)
        {
            if (oldVtep != newVtep && newAttributes.Sequence > oldAttributes.Sequence && _options.DuplicateDetection.Enabled)
            {
                return false;
            }
            if (oldVtep != newVtep || oldAttributes.Sticky != newAttributes.Sticky)
            {
                _dataplane.Add(DataplaneIntent.RemoteMac(instance.Vni, mac, newVtep, newAttributes.Sticky));
            }
        }
        var old = slot.Path;
        slot.Path = path;
        ReleaseReferences(table, _templates[old.Template].Prefix, old);
        return true;
    }

    /// <summary>The MAC's detailed entry, made from its compact slot when it has none yet.</summary>
    private MacEntry Detail(MacTable table, MacAddress mac, ref MacSlot slot)
    {
        if (!slot.IsCompact)
        {
            return table.Entry(slot);
        }
        var entry = new MacEntry(mac);
        var path = slot.Path;
        entry.Remote.Add(new RemoteRoute(path, IpAddressValue.None));
        if (table.Instance is not null)
        {
            // What the compact form stood for: installed where its one route points.
            var vtep = _sources[path.Source].Vtep;
            var attributes = _attributes[path.Attributes];
            entry.Installed = new InstalledRemoteMac(vtep, attributes.Sticky, attributes.Sequence);
            entry.Location = new MacLocation(false, vtep);
            entry.LocationSequence = attributes.Sequence;
        }
        slot.Entry = table.Store(entry);
        return entry;
    }

    private static MacEntry NewDetail(MacTable table, MacAddress mac, ref MacSlot slot)
    {
        var entry = new MacEntry(mac);
        slot.Entry = table.Store(entry);
        return entry;
    }

    /// <summary>The detailed entry of a MAC in a VNI, created (or made from the compact form) when needed.</summary>
    private MacEntry GetOrAddMac(VniInstance instance, MacAddress mac)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(instance.Macs.Slots, mac, out bool exists);
        return exists ? Detail(instance.Macs, mac, ref slot) : NewDetail(instance.Macs, mac, ref slot);
    }

    private void Settle(VniInstance instance, MacEntry entry) => Settle(instance.Macs, entry, IpAddressValue.None);

    /// <summary>
    /// Syncs a detailed entry (in a VNI), then keeps it in the smallest form that holds what it
    /// knows: gone when nothing is left, compact when one installed MAC-only route is all there is.
    /// <paramref name="ip"/> is an IP whose remote neighbour entry may have changed too.
    /// </summary>
    private void Settle(MacTable table, MacEntry entry, IpAddressValue ip)
    {
        if (table.Instance is { } instance)
        {
            SyncMac(instance, entry);
            if (!ip.IsNone)
            {
                SyncNeighbor(instance, ip);
            }
        }
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(table.Slots, entry.Mac);
        if (Unsafe.IsNullRef(ref slot) || slot.IsCompact || table.Entry(slot) != entry)
        {
            return;
        }
        if (entry.IsEmpty && !entry.Duplicate)
        {
            table.Free(slot.Entry);
            table.Slots.Remove(entry.Mac);
        }
        else if (CanBeCompact(table, entry))
        {
            table.Free(slot.Entry);
            slot.Entry = 0;
            slot.Path = entry.Remote[0].Path;
        }
    }

    private bool CanBeCompact(MacTable table, MacEntry entry)
    {
        if (entry.Remote.Count != 1 || !entry.Remote[0].Ip.IsNone || !MacSlot.Fits(entry.Remote[0].Path) || entry.Local is not null || entry.AdvertisedCount > 0 ||
            entry.Duplicate || entry.Frozen)
        {
            return false;
        }
        if (table.Instance is null)
        {
            return true;
        }
        // Keep the move count while it can still add up to a duplicate (RFC 7432 s15.1).
        if (entry.Moves > 0 && _options.TimeProvider.GetUtcNow() - entry.FirstMove <= _options.DuplicateDetection.Window)
        {
            return false;
        }
        var path = entry.Remote[0].Path;
        var attributes = _attributes[path.Attributes];
        return entry.Installed is { } installed && installed.Vtep == _sources[path.Source].Vtep &&
            installed.Sticky == attributes.Sticky && installed.Sequence == attributes.Sequence;
    }

    private void AddReferences(MacTable table, RouteKeyPrefix prefix, RemotePath path)
    {
        _templates.AddReference(path.Template);
        _attributes.AddReference(path.Attributes);
        _sources.AddReference(path.Source);
        prefix.AddPlacement(table);
    }

    private void ReleaseReferences(MacTable table, RouteKeyPrefix prefix, RemotePath path)
    {
        prefix.RemovePlacement(table);
        ReleaseTemplate(path.Template);
        _attributes.Release(path.Attributes);
        _sources.Release(path.Source);
    }

    private void ReleaseTemplate(int index)
    {
        var prefix = _templates[index].Prefix;
        if (_templates.Release(index) && --prefix.Templates == 0)
        {
            _prefixes.Remove((prefix.Rd, prefix.EthernetTag));
            if (_lastPrefix == prefix)
            {
                _lastPrefix = null;
            }
        }
    }

    private NlriTemplate NewTemplate(NlriTemplateKey key)
    {
        var prefix = FindPrefix(key.Rd, key.EthernetTag);
        if (prefix is null)
        {
            prefix = new RouteKeyPrefix(key.Rd, key.EthernetTag);
            _prefixes.Add((key.Rd, key.EthernetTag), prefix);
        }
        prefix.Templates++;
        return new NlriTemplate(key, prefix);
    }

    private RouteKeyPrefix? FindPrefix(RouteDistinguisher rd, EthernetTag tag)
    {
        if (_lastPrefix is { } last && last.Rd == rd && last.EthernetTag == tag)
        {
            return last;
        }
        if (_prefixes.TryGetValue((rd, tag), out var prefix))
        {
            _lastPrefix = prefix;
        }
        return prefix;
    }

    private RemoteAttributes NewAttributes(PathAttributeSet set)
    {
        var attributes = RemoteAttributes.Read(set);
        attributes.Targets = ComputeTargets(attributes);
        return attributes;
    }

    private VniInstance[] ComputeTargets(RemoteAttributes attributes)
    {
        int count = 0;
        foreach (var instance in _instances.Values)
        {
            if (instance.MatchesImport(attributes.RouteTargets))
            {
                count++;
            }
        }
        if (count == 0)
        {
            return [];
        }
        var targets = new VniInstance[count];
        count = 0;
        foreach (var instance in _instances.Values)
        {
            if (instance.MatchesImport(attributes.RouteTargets))
            {
                targets[count++] = instance;
            }
        }
        return targets;
    }

    /// <summary>
    /// After a VNI was added, removed (<paramref name="removed"/>) or re-configured: works out again
    /// which VNIs each attribute set and source feeds, and moves the routes whose placement changed.
    /// Routes of unaffected attribute sets are only looked at, not touched.
    /// </summary>
    private void Rehome(VniInstance? removed)
    {
        RefreshOwnVteps();
        bool moved = false;
        foreach (var (_, source) in _sources.Entries())
        {
            bool own = IsOwnVtep(source.Vtep);
            source.Moved = own != source.IsOwn;
            source.IsOwn = own;
            moved |= source.Moved;
        }
        foreach (var (_, attributes) in _attributes.Entries())
        {
            var targets = ComputeTargets(attributes);
            attributes.Moved = !targets.AsSpan().SequenceEqual(attributes.Targets);
            attributes.Targets = targets;
            moved |= attributes.Moved;
        }
        if (removed is not null)
        {
            // Everything it held leaves with it (the dataplane was already told); what no other
            // VNI imports goes to the table of routes no VNI imports.
            foreach (var (mac, slot) in removed.Macs.Slots)
            {
                if (slot.IsCompact)
                {
                    Evict(removed.Macs, mac, new RemoteRoute(slot.Path, IpAddressValue.None));
                    continue;
                }
                foreach (var route in removed.Macs.Entry(slot).Remote)
                {
                    Evict(removed.Macs, mac, route);
                }
            }
        }
        if (moved)
        {
            var routes = new List<RemoteRoute>();
            foreach (var table in _instances.Values.Select(i => i.Macs).Prepend(_unimported).ToList())
            {
                foreach (var (mac, slot) in table.Slots)
                {
                    routes.Clear();
                    if (slot.IsCompact)
                    {
                        routes.Add(new RemoteRoute(slot.Path, IpAddressValue.None));
                    }
                    else
                    {
                        routes.AddRange(table.Entry(slot).Remote);
                    }
                    foreach (var route in routes)
                    {
                        if (_attributes[route.Path.Attributes].Moved || _sources[route.Path.Source].Moved)
                        {
                            Place(_templates[route.Path.Template].Prefix, mac, route.Ip, route.Path);
                        }
                    }
                }
            }
        }
        RehomeInclusiveMulticast(removed);
    }

    /// <summary>Takes a route out of a removed VNI's table without telling the dataplane; keeps it when no VNI imports it.</summary>
    private void Evict(MacTable table, MacAddress mac, RemoteRoute route)
    {
        var prefix = _templates[route.Path.Template].Prefix;
        if (TargetsOf(route.Path).Length == 0)
        {
            Upsert(_unimported, prefix, mac, route.Ip, route.Path);
        }
        ReleaseReferences(table, prefix, route.Path);
    }
}
