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
/// <see cref="RemoteRouteChanged(ReadOnlySpan{Evpnd.Bgp.Rib.BestPathChange})"/> (a best path that
/// is our own counts as the remote one leaving); <see cref="IEvpnRouteOriginator"/> feeds the RIB's
/// local routes; <see cref="IDataplaneIntentSink"/> feeds KernelSync; <see cref="Tick"/> runs every
/// second or so. Only the <see cref="IRdIndexStore"/> may do I/O (once per new VNI).
/// <para>
/// State: a remote MAC-only route costs one 16-byte <see cref="MacSlot"/> in its VNI's
/// <see cref="MacTable"/>, which points by index at interned NLRI templates (RD, ESI, Ethernet Tag,
/// labels), attribute sets and sources (VTEP, peer); the RIB keeps the route itself. Routes that no
/// VNI imports are kept the same way in a table of their own, so that a VNI added later, or a VNI
/// whose import RTs change, imports them without asking the RIB. Everything rarer (local
/// learning, a move, MAC+IP routes, duplicate detection) lives in a <see cref="MacEntry"/>.
/// </para>
/// </remarks>
public sealed partial class EvpnEngine
{
    private readonly EvpnEngineOptions _options;
    private readonly IEvpnRouteOriginator _originator;
    private readonly IDataplaneIntentSink _dataplane;
    private readonly RemoteMacLimiter? _remoteMacLimiter;
    private readonly Dictionary<Vni, VniInstance> _instances = [];
    private readonly HashSet<(Vni Vni, MacAddress Mac)> _frozen = [];

    /// <summary>MACs whose move count restarted, by when it stops counting (the DAD window after the first move).</summary>
    private readonly PriorityQueue<(Vni Vni, MacAddress Mac), DateTimeOffset> _moves = new();

    public EvpnEngine(EvpnEngineOptions options, IEvpnRouteOriginator originator, IDataplaneIntentSink dataplane)
    {
        _options = options;
        _originator = originator;
        if (options.RemoteMacLimit is { } limit)
        {
            _remoteMacLimiter = new RemoteMacLimiter(dataplane, limit, options.RemoteMacLimitChanged);
            dataplane = _remoteMacLimiter;
        }
        _dataplane = dataplane;
    }

    /// <summary>limits.remote-macs: how many remote MACs are installed and how many are held back; null without a limit.</summary>
    public RemoteMacLimitStatus? RemoteMacLimit => _remoteMacLimiter?.Status;

    /// <summary>
    /// Adds a VNI, or applies a changed configuration to it: a new RD withdraws the old routes and
    /// originates new ones, new export RTs or a new VTEP re-originate, new import RTs re-import, a
    /// new multicast group or flooding mode changes the type-3 route and the flood list.
    /// </summary>
    public void AddOrUpdateLocalVni(LocalVni vni)
    {
        var rd = vni.Rd ?? AutoRd(vni.Vni);
        var imports = vni.ImportRouteTargets.Count > 0 ? [.. vni.ImportRouteTargets] : AutoImports(vni.Vni);
        var exports = vni.ExportRouteTargets.Count > 0 ? [.. vni.ExportRouteTargets] : ImmutableArray.Create(AutoRouteTarget(vni.Vni));
        var flooding = vni.Flooding ?? _options.Flooding;
        if (_instances.TryGetValue(vni.Vni, out var instance))
        {
            bool replace = !instance.Imports.SequenceEqual(imports) || !instance.Config.LocalVtep.Equals(vni.LocalVtep);
            // The instance keeps its state; routes whose NLRI changed (a new RD) are withdrawn by
            // the syncs that follow, the rest are replaced in place.
            instance.Apply(vni, rd, imports, exports, flooding);
            if (replace)
            {
                Rehome(null);
            }
        }
        else
        {
            instance = new VniInstance(vni, rd, imports, exports, flooding);
            _instances.Add(vni.Vni, instance);
            Rehome(null);
        }
        OriginateInclusiveMulticast(instance);
        foreach (var entry in instance.Macs.DetailedEntries())
        {
            Settle(instance, entry);
        }
        SyncAllDataplane(instance);
    }

    /// <summary>
    /// Withdraws the VNI's routes and removes everything it installed. The remote routes it
    /// imported are kept (for a VNI added again) unless another VNI imports them.
    /// </summary>
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
        foreach (var (mac, slot) in instance.Macs.Slots)
        {
            if (slot.IsCompact)
            {
                _dataplane.Add(DataplaneIntent.RemoteMacGone(vni, mac));
                continue;
            }
            var entry = instance.Macs.Entry(slot);
            if (entry.AdvertisedCount > 0)
            {
                foreach (var route in entry.Advertised.Values)
                {
                    _originator.Withdraw(route.Nlri);
                }
            }
            if (entry.Installed is not null)
            {
                _dataplane.Add(DataplaneIntent.RemoteMacGone(vni, mac));
            }
            _frozen.Remove((vni, mac));
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
        Rehome(instance);
    }

    /// <summary>
    /// Called periodically: unfreezes duplicate MACs whose freeze time has run out (RFC 7432
    /// s15.1), so that they are advertised or installed again where they now are, and lets MACs
    /// whose last move no longer counts go back to the compact form.
    /// </summary>
    public void Tick()
    {
        var now = _options.TimeProvider.GetUtcNow();
        while (_moves.TryPeek(out var move, out var expiry) && expiry < now)
        {
            _moves.Dequeue();
            if (_instances.TryGetValue(move.Vni, out var moved) && moved.Macs.TryGetEntry(move.Mac, out var entry))
            {
                Settle(moved, entry);
            }
        }
        if (_frozen.Count == 0)
        {
            return;
        }
        foreach (var (vni, mac) in _frozen.ToList())
        {
            if (_instances.TryGetValue(vni, out var instance) && instance.Macs.TryGetEntry(mac, out var entry))
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
            // Only a detailed entry can be a duplicate.
            foreach (var entry in instance.Macs.DetailedEntries())
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
        Settle(instance, entry);
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
