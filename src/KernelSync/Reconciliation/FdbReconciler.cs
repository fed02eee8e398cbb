using Evpnd.KernelSync.Netlink;

namespace Evpnd.KernelSync;

/// <summary>
/// Keeps the kernel's flood lists and remote MACs equal to what the EVPN side wants, touching
/// only entries this daemon owns (<see cref="OwnershipStore"/>).
/// </summary>
/// <remarks>
/// Rules (issue 4, "Reconciliation"):
/// <list type="bullet">
/// <item>Wanted and missing (never installed, or deleted by hand): installed and owned.</item>
/// <item>Wanted and present as an operator's static entry: left alone and not owned; the
/// operator wins and we never delete it later.</item>
/// <item>Wanted and present, NTF_EXT_LEARNED, same VTEP, but missing from the record (we crashed
/// between programming and saving): adopted.</item>
/// <item>Owned and no longer wanted: removed, except during the start-up grace period, so that a
/// restart drops no traffic before the RIB has been relearned.</item>
/// <item>Not ours and not wanted: never touched.</item>
/// </list>
/// A full <see cref="Reconcile"/> is also the answer to <see cref="KernelOverrun"/> and to an
/// interrupted dump. Not thread-safe: owned by the KernelSync worker.
/// </remarks>
public sealed class FdbReconciler
{
    private readonly RtnetlinkClient _client;
    private readonly OwnershipStore _store;
    private readonly TimeProvider _time;
    private readonly HashSet<FloodEntry> _desiredFlood = [];
    private readonly Dictionary<RemoteMacKey, RemoteMacEntry> _desiredMacs = [];
    private Dictionary<int, LinkRecord> _links;

    public FdbReconciler(RtnetlinkClient client, OwnershipStore store, TimeSpan gracePeriod, TimeProvider? time = null)
    {
        _client = client;
        _store = store;
        _time = time ?? TimeProvider.System;
        GraceEnds = _time.GetUtcNow() + gracePeriod;
        _links = client.DumpLinks().ToDictionary(l => l.Ifindex);
        _store.Load(_links);
    }

    /// <summary>Until then, owned entries nobody wants are kept; reconcile again after it.</summary>
    public DateTimeOffset GraceEnds { get; }

    public int OwnedCount => _store.Flood.Count + _store.Macs.Count;

    private bool InGrace => _time.GetUtcNow() < GraceEnds;

    /// <summary>Replaces the whole desired state (the RIB's view); apply it with <see cref="Reconcile"/>.</summary>
    public void SetDesired(IEnumerable<FloodEntry> flood, IEnumerable<RemoteMacEntry> macs)
    {
        _desiredFlood.Clear();
        _desiredFlood.UnionWith(flood);
        _desiredMacs.Clear();
        foreach (var mac in macs)
        {
            _desiredMacs[RemoteMacKey.Of(mac)] = mac;
        }
    }

    /// <summary>True when a dumped FDB record is one this daemon installed and owns.</summary>
    public bool IsOwned(FdbRecord record) =>
        record.Mac == MacAddress.Zero
            ? record.Destination is not null && _store.Flood.Contains(new FloodEntry(record.Ifindex, record.Destination))
            : _store.Macs.ContainsKey(new RemoteMacKey(record.Ifindex, record.Mac, record.Vlan))
              || (record.Vlan == 0 && _store.Macs.Keys.Any(k => k.VxlanIfindex == record.Ifindex && k.Mac == record.Mac));

    /// <summary>Dumps the kernel, diffs it against the desired state and programs the difference.</summary>
    public ReconcileResult Reconcile()
    {
        _links = _client.DumpLinks().ToDictionary(l => l.Ifindex);
        ForgetEntriesOfVanishedDevices();
        var records = _client.DumpFdb();
        var actualFlood = new HashSet<FloodEntry>();
        var vxlanHalves = new Dictionary<(int, MacAddress), FdbRecord>();
        var bridgeHalves = new Dictionary<RemoteMacKey, FdbRecord>();
        foreach (var record in records)
        {
            if (!_links.TryGetValue(record.Ifindex, out var device) || !device.IsVxlan)
            {
                continue;
            }

            if (record.Mac == MacAddress.Zero && record.Destination is not null)
            {
                actualFlood.Add(new FloodEntry(record.Ifindex, record.Destination));
            }
            else if (record.Destination is not null && record.Flags.HasFlag(NeighborFlags.Self))
            {
                vxlanHalves[(record.Ifindex, record.Mac)] = record;
            }
            else if (record.MasterIfindex != 0 && !record.IsPermanent)
            {
                bridgeHalves[new RemoteMacKey(record.Ifindex, record.Mac, record.Vlan)] = record;
            }
        }

        int added = 0, replaced = 0, removed = 0, kept = 0, foreign = 0;
        var rollbacks = new List<Action>();
        using var batch = _client.CreateBatch();

        foreach (var flood in _desiredFlood)
        {
            if (actualFlood.Contains(flood))
            {
                if (!_store.Flood.Contains(flood))
                {
                    foreign++;
                }

                continue;
            }

            batch.AddFloodEntry(flood);
            var own = _store.Flood.Add(flood);
            rollbacks.Add(() =>
            {
                if (own)
                {
                    _store.Flood.Remove(flood);
                }
            });
            added++;
        }

        foreach (var (key, wanted) in _desiredMacs)
        {
            vxlanHalves.TryGetValue((key.VxlanIfindex, key.Mac), out var vxlanHalf);
            bridgeHalves.TryGetValue(key, out var bridgeHalf);
            var owned = _store.Macs.ContainsKey(key);
            var ours = owned || IsOurKind(vxlanHalf) || IsOurKind(bridgeHalf);
            if (vxlanHalf is not null || bridgeHalf is not null)
            {
                if (!ours)
                {
                    foreign++;
                    continue;
                }

                if (InSync(wanted, vxlanHalf, bridgeHalf))
                {
                    _store.Macs[key] = wanted;
                    continue;
                }

                replaced++;
            }
            else
            {
                added++;
            }

            batch.ReplaceRemoteMac(wanted);
            var previous = owned ? _store.Macs[key] : (RemoteMacEntry?)null;
            _store.Macs[key] = wanted;
            rollbacks.Add(() =>
            {
                if (previous is { } p)
                {
                    _store.Macs[key] = p;
                }
                else
                {
                    _store.Macs.Remove(key);
                }
            });
        }

        foreach (var flood in _store.Flood.Where(f => !_desiredFlood.Contains(f)).ToList())
        {
            if (InGrace)
            {
                kept++;
                continue;
            }

            _store.Flood.Remove(flood);
            if (actualFlood.Contains(flood))
            {
                batch.DeleteFloodEntry(flood);
                rollbacks.Add(() => _store.Flood.Add(flood));
                removed++;
            }
        }

        foreach (var (key, entry) in _store.Macs.Where(m => !_desiredMacs.ContainsKey(m.Key)).ToList())
        {
            if (InGrace)
            {
                kept++;
                continue;
            }

            _store.Macs.Remove(key);
            if (vxlanHalves.ContainsKey((key.VxlanIfindex, key.Mac)) || bridgeHalves.ContainsKey(key))
            {
                batch.DeleteRemoteMac(entry);
                rollbacks.Add(() => _store.Macs[key] = entry);
                removed++;
            }
        }

        var failures = batch.Flush().ToList();
        foreach (var failure in failures)
        {
            rollbacks[failure.Index]();
        }

        _store.Save(_links);
        return new ReconcileResult(added, replaced, removed, kept, foreign, failures);
    }

    /// <summary>
    /// Our non-sticky remote MACs carry NTF_EXT_LEARNED; an operator's "bridge fdb add ... static"
    /// entry does not. (A sticky MAC is static like an operator's, so only the record claims it.)
    /// </summary>
    private static bool IsOurKind(FdbRecord? record) => record is not null && record.IsExternallyLearned;

    private static bool InSync(in RemoteMacEntry wanted, FdbRecord? vxlanHalf, FdbRecord? bridgeHalf) =>
        vxlanHalf is not null
        && bridgeHalf is not null
        && wanted.RemoteVtep.Equals(vxlanHalf.Destination)
        && bridgeHalf.Flags.HasFlag(NeighborFlags.Sticky) == wanted.Sticky;

    private void ForgetEntriesOfVanishedDevices()
    {
        _store.Flood.RemoveWhere(f => !_links.ContainsKey(f.VxlanIfindex));
        foreach (var key in _store.Macs.Keys.Where(k => !_links.ContainsKey(k.VxlanIfindex)).ToList())
        {
            _store.Macs.Remove(key);
        }
    }
}
