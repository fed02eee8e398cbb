using System.Net;
using Evpnd.KernelSync.Netlink;

namespace Evpnd.KernelSync;

/// <summary>The read-only side: what evpnd owns and wants per VNI, and where the kernel differs (`evpnd show kernel`).</summary>
public sealed partial class KernelReconciler
{
    /// <summary>
    /// Dumps the devices of the VNIs asked for and compares them with what is wanted and owned;
    /// changes nothing. Changes queued or in flight count as <see cref="KernelEntryState.Pending"/>.
    /// </summary>
    /// <param name="countsOnly">Only what is owned and wanted, from the record and the neighbour tables: no FDB dump, no drift.</param>
    public KernelInspection Inspect(Vni? only, bool withEntries, bool countsOnly = false)
    {
        if (countsOnly)
        {
            return Count(only);
        }

        var pendingFlood = new HashSet<FloodEntry>();
        var pendingMacs = new HashSet<(int, MacAddress)>();
        var pendingNeighbors = new HashSet<NeighborKey>();
        foreach (var changes in _begun.Select(f => f.Changes).Append(_pending))
        {
            foreach (var change in changes)
            {
                switch (change.Kind)
                {
                    case PendingChangeKind.FloodAdd or PendingChangeKind.FloodDelete:
                        pendingFlood.Add(change.Flood);
                        break;
                    case PendingChangeKind.MacReplace or PendingChangeKind.MacDelete:
                        pendingMacs.Add((change.Mac.VxlanIfindex, change.Mac.Mac));
                        break;
                    case PendingChangeKind.NeighborReplace or PendingChangeKind.NeighborDelete:
                        pendingNeighbors.Add(NeighborKey.Of(change.Neighbor));
                        break;
                }
            }
        }

        var vnis = new SortedSet<uint>(_vnis.Vnis.Select(v => v.Vni.Value).Concat(_wanted.Keys.Select(v => v.Value)));
        var result = new List<KernelVniInspection>();
        foreach (var value in vnis)
        {
            var vni = new Vni(value);
            if (only is { } o && o != vni)
            {
                continue;
            }

            _wanted.TryGetValue(vni, out var wants);
            var state = _vnis.TryGet(vni, out var s) ? s : null;
            var inspection = new VniInspection(withEntries);
            if (state is { Usable: true })
            {
                InspectFdb(state, wants, inspection, pendingFlood, pendingMacs);
                InspectNeighbors(state, wants, inspection, pendingNeighbors);
            }
            else
            {
                // Nothing can be programmed: what is wanted waits for the device; owned entries of
                // a device that is down stay counted.
                var device = state?.DeviceIfindex ?? 0;
                inspection.OwnedFlood = device == 0 ? 0 : _store.Flood.Count(f => f.VxlanIfindex == device);
                inspection.OwnedMacs = device == 0 ? 0 : _store.Macs.Keys.Count(k => k.VxlanIfindex == device);
                foreach (var vtep in wants?.Flood ?? [])
                {
                    inspection.Add(KernelEntryType.Flood, KernelEntryState.Waiting, null, Vtep(vtep));
                }

                foreach (var (mac, want) in wants?.Macs ?? [])
                {
                    inspection.Add(KernelEntryType.Mac, KernelEntryState.Waiting, mac, _vtepTable[want.Vtep]);
                }

                foreach (var (ip, want) in wants?.Neighbors ?? [])
                {
                    inspection.Add(KernelEntryType.Neighbor, KernelEntryState.Waiting, want.Mac, ip.ToIPAddress()!);
                }
            }

            result.Add(new KernelVniInspection(vni, state?.Device, state?.Bridge, state?.Usable ?? false,
                new KernelEntryCounts(inspection.OwnedFlood, inspection.OwnedMacs, inspection.OwnedNeighbors),
                new KernelEntryCounts(wants?.Flood.Count ?? 0, wants?.Macs.Count ?? 0, wants?.Neighbors.Count ?? 0),
                inspection.Drift(), inspection.Differences, inspection.Entries));
        }

        return new KernelInspection(result, GraceOver);
    }

    private KernelInspection Count(Vni? only)
    {
        var flood = new Dictionary<int, int>();
        var macs = new Dictionary<int, int>();
        foreach (var entry in _store.Flood)
        {
            flood[entry.VxlanIfindex] = flood.GetValueOrDefault(entry.VxlanIfindex) + 1;
        }

        foreach (var key in _store.Macs.Keys)
        {
            macs[key.VxlanIfindex] = macs.GetValueOrDefault(key.VxlanIfindex) + 1;
        }

        var result = new List<KernelVniInspection>();
        foreach (var value in new SortedSet<uint>(_vnis.Vnis.Select(v => v.Vni.Value).Concat(_wanted.Keys.Select(v => v.Value))))
        {
            var vni = new Vni(value);
            if (only is { } o && o != vni)
            {
                continue;
            }

            _wanted.TryGetValue(vni, out var wants);
            var state = _vnis.TryGet(vni, out var s) ? s : null;
            var device = state?.DeviceIfindex ?? 0;
            var neighbors = state is { Usable: true } ? _client.DumpNeighbors(state.BridgeIfindex).Count(n => n.Ifindex == state.BridgeIfindex && IsOwned(n)) : 0;
            result.Add(new KernelVniInspection(vni, state?.Device, state?.Bridge, state?.Usable ?? false,
                new KernelEntryCounts(flood.GetValueOrDefault(device), macs.GetValueOrDefault(device), neighbors),
                new KernelEntryCounts(wants?.Flood.Count ?? 0, wants?.Macs.Count ?? 0, wants?.Neighbors.Count ?? 0),
                default, [], null));
        }

        return new KernelInspection(result, GraceOver);
    }

    private void InspectFdb(VniState state, VniWants? wants, VniInspection inspection, HashSet<FloodEntry> pendingFlood, HashSet<(int, MacAddress)> pendingMacs)
    {
        var device = state.DeviceIfindex;
        var flood = new HashSet<IPAddress>();
        var vxlanHalves = new Dictionary<MacAddress, FdbRecord>();
        var bridgeHalves = new Dictionary<MacAddress, FdbRecord>();
        // The same classification as the reconcile, on this device only.
        foreach (var record in _client.DumpFdb(deviceIfindex: device))
        {
            if (record.Ifindex != device)
            {
                continue;
            }

            if (record.Mac == MacAddress.Zero && record.Destination is not null)
            {
                flood.Add(record.Destination);
            }
            else if (record.Destination is not null && record.Flags.HasFlag(NeighborFlags.Self))
            {
                vxlanHalves[record.Mac] = record;
            }
            else if (record.MasterIfindex != 0 && !record.IsPermanent && record.Vlan == 0)
            {
                bridgeHalves[record.Mac] = record;
            }
        }

        foreach (var vtep in wants?.Flood ?? [])
        {
            var entry = new FloodEntry(device, Vtep(vtep));
            var stateOf = pendingFlood.Contains(entry) ? KernelEntryState.Pending
                : !flood.Contains(entry.RemoteVtep) ? KernelEntryState.Missing
                : _store.Flood.Contains(entry) ? KernelEntryState.Installed
                : KernelEntryState.Foreign;
            inspection.Add(KernelEntryType.Flood, stateOf, null, entry.RemoteVtep);
        }

        foreach (var owned in _store.Flood)
        {
            if (owned.VxlanIfindex != device)
            {
                continue;
            }

            inspection.OwnedFlood++;
            if (wants is null || !wants.Flood.Contains(IpAddressValue.From(owned.RemoteVtep)))
            {
                if (pendingFlood.Contains(owned))
                {
                    inspection.Add(KernelEntryType.Flood, KernelEntryState.Pending, null, owned.RemoteVtep);
                }
                else if (flood.Contains(owned.RemoteVtep))
                {
                    inspection.Add(KernelEntryType.Flood, KernelEntryState.Extra, null, owned.RemoteVtep);
                }
            }
        }

        foreach (var (mac, want) in wants?.Macs ?? [])
        {
            var wanted = MacEntry(state, mac, want);
            var key = RemoteMacKey.Of(wanted);
            vxlanHalves.TryGetValue(mac, out var vxlanHalf);
            bridgeHalves.TryGetValue(mac, out var bridgeHalf);
            var stateOf = pendingMacs.Contains((device, mac)) ? KernelEntryState.Pending
                : vxlanHalf is null && bridgeHalf is null ? KernelEntryState.Missing
                : IsForeign(key) ? KernelEntryState.Foreign
                : InSync(wanted, vxlanHalf, bridgeHalf) && _store.Macs.ContainsKey(key) ? KernelEntryState.Installed
                : KernelEntryState.Different;
            inspection.Add(KernelEntryType.Mac, stateOf, mac, wanted.RemoteVtep);
        }

        foreach (var (key, owned) in _store.Macs)
        {
            if (key.VxlanIfindex != device)
            {
                continue;
            }

            inspection.OwnedMacs++;
            if (wants is null || !wants.Macs.ContainsKey(key.Mac))
            {
                if (pendingMacs.Contains((device, key.Mac)))
                {
                    inspection.Add(KernelEntryType.Mac, KernelEntryState.Pending, key.Mac, _vtepTable[owned.Vtep]);
                }
                else if (vxlanHalves.ContainsKey(key.Mac) || bridgeHalves.ContainsKey(key.Mac))
                {
                    inspection.Add(KernelEntryType.Mac, KernelEntryState.Extra, key.Mac, _vtepTable[owned.Vtep]);
                }
            }
        }
    }

    private void InspectNeighbors(VniState state, VniWants? wants, VniInspection inspection, HashSet<NeighborKey> pending)
    {
        var bridge = state.BridgeIfindex;
        var actual = new Dictionary<IPAddress, NeighborRecord>();
        foreach (var record in _client.DumpNeighbors(bridge))
        {
            if (record.Ifindex == bridge)
            {
                actual[record.Address] = record;
            }
        }

        foreach (var (ip, want) in wants?.Neighbors ?? [])
        {
            var address = ip.ToIPAddress()!;
            actual.TryGetValue(address, out var present);
            var stateOf = pending.Contains(new NeighborKey(bridge, ip)) ? KernelEntryState.Pending
                : present is null ? KernelEntryState.Missing
                : !IsOwned(present) && present.State.HasFlag(NeighborStates.Permanent) ? KernelEntryState.Foreign
                : IsOwned(present) && present.Mac == want.Mac && present.Flags.HasFlag(NeighborFlags.Router) == want.Router ? KernelEntryState.Installed
                : KernelEntryState.Different;
            inspection.Add(KernelEntryType.Neighbor, stateOf, want.Mac, address);
        }

        foreach (var (address, present) in actual)
        {
            if (!IsOwned(present))
            {
                continue;
            }

            inspection.OwnedNeighbors++;
            if (wants is null || !wants.Neighbors.ContainsKey(IpAddressValue.From(address)))
            {
                var stateOf = pending.Contains(new NeighborKey(bridge, IpAddressValue.From(address))) ? KernelEntryState.Pending : KernelEntryState.Extra;
                inspection.Add(KernelEntryType.Neighbor, stateOf, present.Mac, address);
            }
        }
    }

    /// <summary>One VNI's inspection as it is gathered.</summary>
    private sealed class VniInspection(bool withEntries)
    {
        private readonly int[] _byState = new int[Enum.GetValues<KernelEntryState>().Length];

        public int OwnedFlood { get; set; }

        public int OwnedMacs { get; set; }

        public int OwnedNeighbors { get; set; }

        public List<KernelEntry> Differences { get; } = [];

        public List<KernelEntry>? Entries { get; } = withEntries ? [] : null;

        public void Add(KernelEntryType type, KernelEntryState state, MacAddress? mac, IPAddress address)
        {
            var entry = new KernelEntry(type, state, mac, address);
            _byState[(int)state]++;
            Entries?.Add(entry);
            if (state != KernelEntryState.Installed && (withEntries || Differences.Count < KernelVniInspection.MaxDifferences))
            {
                Differences.Add(entry);
            }
        }

        public KernelDriftCounts Drift() => new(
            _byState[(int)KernelEntryState.Missing],
            _byState[(int)KernelEntryState.Extra],
            _byState[(int)KernelEntryState.Pending],
            _byState[(int)KernelEntryState.Foreign],
            _byState[(int)KernelEntryState.Different],
            _byState[(int)KernelEntryState.Waiting]);
    }
}
