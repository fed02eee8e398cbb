using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// Counts for metrics: read on the engine's thread like everything else, walking the tables
/// without building a snapshot per route (a scrape of a million routes allocates per group).
/// </summary>
public sealed partial class EvpnEngine
{
    private long _macMoves;
    private long _duplicatesDetected;

    /// <summary>MAC moves seen since start (RFC 7432 s15: a new location with a higher sequence).</summary>
    public long MacMoves => _macMoves;

    /// <summary>Times duplicate address detection marked a MAC since start (RFC 7432 s15.1).</summary>
    public long DuplicatesDetected => _duplicatesDetected;

    /// <summary>Routes per VNI, type, origin and (for imported routes) the peer they came from.</summary>
    public IReadOnlyList<EvpnRouteCount> CountRoutes()
    {
        var counts = new Dictionary<(Vni Vni, EvpnRouteType Type, int Source), int>();
        foreach (var instance in _instances.Values)
        {
            // Source -1: originated here.
            if (instance.InclusiveMulticast is not null)
            {
                Add(counts, (instance.Vni, EvpnRouteType.InclusiveMulticast, -1), 1);
            }
            foreach (var imet in instance.ImportedInclusiveMulticast)
            {
                Add(counts, (instance.Vni, EvpnRouteType.InclusiveMulticast, imet.Source), 1);
            }
            foreach (var slot in instance.Macs.Slots.Values)
            {
                if (slot.IsCompact)
                {
                    Add(counts, (instance.Vni, EvpnRouteType.MacIpAdvertisement, slot.Path.Source), 1);
                    continue;
                }
                var entry = instance.Macs.Entry(slot);
                foreach (var route in entry.Remote)
                {
                    Add(counts, (instance.Vni, EvpnRouteType.MacIpAdvertisement, route.Path.Source), 1);
                }
                if (entry.AdvertisedCount > 0)
                {
                    Add(counts, (instance.Vni, EvpnRouteType.MacIpAdvertisement, -1), entry.AdvertisedCount);
                }
            }
        }
        return [.. counts.Select(c => new EvpnRouteCount(c.Key.Vni, c.Key.Type,
            c.Key.Source < 0 ? EvpnRouteOrigin.Local : EvpnRouteOrigin.Imported,
            c.Key.Source < 0 ? null : _sources[c.Key.Source].Peer, c.Value))];
    }

    /// <summary>Duplicate (and frozen) MACs per VNI now.</summary>
    public IReadOnlyList<(Vni Vni, int Duplicates)> CountDuplicates() =>
        [.. _instances.Values.Select(i => (i.Vni, i.Macs.DetailedEntries().Count(e => e.Duplicate || e.Frozen)))];

    private static void Add(Dictionary<(Vni, EvpnRouteType, int), int> counts, (Vni, EvpnRouteType, int) key, int n) =>
        counts[key] = counts.GetValueOrDefault(key) + n;
}
