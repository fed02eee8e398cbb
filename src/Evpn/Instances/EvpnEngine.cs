using System.Collections.Immutable;
using Evpnd.Bgp.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// The EVPN layer between the RIB and the dataplane: local VNIs (RD, RTs), origination of their
/// type-2 and type-3 routes, import of remote routes by route target into dataplane intents, and
/// MAC mobility (RFC 7432 s15). Pure and single-threaded: no I/O, no locks, time comes from the
/// options' <see cref="TimeProvider"/>; one worker owns it and feeds it.
/// </summary>
/// <remarks>
/// Wiring: the RIB's best-path changes for L2VPN/EVPN go to
/// <see cref="RemoteRouteChanged(in Evpnd.Bgp.Rib.BestPathChange)"/> (a best path that is our own
/// counts as the remote one leaving); <see cref="IEvpnRouteOriginator"/> feeds the RIB's local
/// routes; <see cref="IDataplaneIntentSink"/> feeds KernelSync; <see cref="Tick"/> runs every
/// second or so. Only the <see cref="IRdIndexStore"/> may do I/O (once per new VNI).
/// </remarks>
public sealed partial class EvpnEngine
{
    private readonly EvpnEngineOptions _options;
    private readonly IEvpnRouteOriginator _originator;
    private readonly IDataplaneIntentSink _dataplane;
    private readonly Dictionary<Vni, VniInstance> _instances = [];
    private readonly Dictionary<byte[], RemoteRoute> _remote = new(ByteSequenceComparer.Instance);
    private readonly Dictionary<byte[], RemoteRoute>.AlternateLookup<ReadOnlySpan<byte>> _remoteByKey;
    private readonly HashSet<(Vni Vni, MacAddress Mac)> _frozen = [];

    public EvpnEngine(EvpnEngineOptions options, IEvpnRouteOriginator originator, IDataplaneIntentSink dataplane)
    {
        _options = options;
        _originator = originator;
        _dataplane = dataplane;
        _remoteByKey = _remote.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>
    /// Adds a VNI, or applies a changed configuration to it: a new RD withdraws the old routes and
    /// originates new ones, new export RTs or a new VTEP re-originate, new import RTs re-import.
    /// </summary>
    public void AddOrUpdateLocalVni(LocalVni vni)
    {
        var rd = vni.Rd ?? AutoRd(vni.Vni);
        var imports = vni.ImportRouteTargets.Count > 0 ? [.. vni.ImportRouteTargets] : AutoImports(vni.Vni);
        var exports = vni.ExportRouteTargets.Count > 0 ? [.. vni.ExportRouteTargets] : ImmutableArray.Create(AutoRouteTarget(vni.Vni));
        var instance = new VniInstance(vni, rd, imports, exports);
        if (_instances.TryGetValue(vni.Vni, out var old))
        {
            Reconfigure(old, instance);
        }
        else
        {
            _instances.Add(vni.Vni, instance);
            foreach (var route in _remote.Values)
            {
                if (instance.MatchesImport(route.RouteTargets))
                {
                    Import(instance, route);
                }
            }
        }
        OriginateInclusiveMulticast(instance);
        foreach (var entry in instance.Macs.Values.ToList())
        {
            SyncMac(instance, entry);
        }
        SyncAllDataplane(instance);
    }

    /// <summary>Withdraws the VNI's routes and removes everything it installed.</summary>
    public void RemoveLocalVni(Vni vni)
    {
        if (!_instances.Remove(vni, out var instance))
        {
            return;
        }
        if (instance.InclusiveMulticast is { } imet)
        {
            _originator.Withdraw(imet.Nlri);
        }
        foreach (var entry in instance.Macs.Values)
        {
            foreach (var route in entry.Advertised.Values)
            {
                _originator.Withdraw(route.Nlri);
            }
            if (entry.Installed is not null)
            {
                _dataplane.Add(DataplaneIntent.RemoteMacGone(vni, entry.Mac));
            }
            _frozen.Remove((vni, entry.Mac));
        }
        foreach (var (ip, neighbor) in instance.Neighbors)
        {
            if (neighbor.Installed is not null)
            {
                _dataplane.Add(DataplaneIntent.NeighborGone(vni, ip));
            }
        }
        foreach (var vtep in instance.FloodInstalled)
        {
            _dataplane.Add(DataplaneIntent.FloodVtepGone(vni, vtep));
        }
        foreach (var route in instance.Imported)
        {
            route.ImportedInto.Remove(vni);
        }
    }

    /// <summary>
    /// Called periodically: unfreezes duplicate MACs whose freeze time has run out (RFC 7432
    /// s15.1), so that they are advertised or installed again where they now are.
    /// </summary>
    public void Tick()
    {
        if (_frozen.Count == 0)
        {
            return;
        }
        var now = _options.TimeProvider.GetUtcNow();
        foreach (var (vni, mac) in _frozen.ToList())
        {
            if (_instances.TryGetValue(vni, out var instance) && instance.Macs.TryGetValue(mac, out var entry))
            {
                if (entry.FrozenUntil is { } until && until <= now)
                {
                    ClearDuplicate(instance, entry);
                }
            }
            else
            {
                _frozen.Remove((vni, mac));
            }
        }
    }

    /// <summary>
    /// Clears duplicate (and frozen) marks, as an operator does after fixing the loop or the
    /// misconfiguration; null matches every VNI or every MAC. Returns how many MACs were cleared.
    /// </summary>
    public int ClearDuplicates(Vni? vni = null, MacAddress? mac = null)
    {
        int cleared = 0;
        foreach (var instance in _instances.Values.ToList())
        {
            if (vni is { } v && instance.Vni != v)
            {
                continue;
            }
            foreach (var entry in instance.Macs.Values.ToList())
            {
                if ((mac is null || entry.Mac == mac) && (entry.Duplicate || entry.Frozen))
                {
                    ClearDuplicate(instance, entry);
                    cleared++;
                }
            }
        }
        return cleared;
    }

    private void ClearDuplicate(VniInstance instance, MacEntry entry)
    {
        entry.Duplicate = false;
        entry.Frozen = false;
        entry.FrozenUntil = null;
        entry.Moves = 0;
        _frozen.Remove((instance.Vni, entry.Mac));
        SyncMac(instance, entry);
    }

    private void Reconfigure(VniInstance old, VniInstance instance)
    {
        // The new instance takes over the state; routes whose NLRI changed (a new RD) are
        // withdrawn by the sync that follows, the rest are replaced in place.
        foreach (var (mac, entry) in old.Macs)
        {
            instance.Macs.Add(mac, entry);
        }
        foreach (var (ip, neighbor) in old.Neighbors)
        {
            instance.Neighbors.Add(ip, neighbor);
        }
        foreach (var (vtep, count) in old.FloodReferences)
        {
            instance.FloodReferences.Add(vtep, count);
        }
        instance.FloodInstalled.UnionWith(old.FloodInstalled);
        instance.Imported.UnionWith(old.Imported);
        instance.InclusiveMulticast = old.InclusiveMulticast;
        _instances[instance.Vni] = instance;
        if (!old.Imports.SequenceEqual(instance.Imports))
        {
            foreach (var route in _remote.Values)
            {
                bool was = instance.Imported.Contains(route);
                bool now = instance.MatchesImport(route.RouteTargets);
                if (was && !now)
                {
                    Unimport(instance, route);
                }
                else if (now && !was)
                {
                    Import(instance, route);
                }
            }
        }
    }

    private RouteDistinguisher AutoRd(Vni vni) =>
        // RFC 7432 s7.9 and FRR: type 1, router-id:index.
        new((1UL << 48) | ((ulong)_options.RouterId << 16) | _options.RdIndexStore.GetOrAssign(vni));

    private RouteTarget AutoRouteTarget(Vni vni) =>
        RouteTarget.AutoDerived(_options.LocalAs, vni, _options.RouteTargetAutoForm == RouteTargetAutoForm.Rfc8365);

    private ImmutableArray<ImportRouteTarget> AutoImports(Vni vni) => _options.WildcardImport
        ? [ImportRouteTarget.AutoDerived(vni)]
        : [ImportRouteTarget.ExactlyThis(AutoRouteTarget(vni))];
}
