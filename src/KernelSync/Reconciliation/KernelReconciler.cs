using System.Runtime.InteropServices;
using Evpnd.KernelSync.Netlink;
using static Evpnd.KernelSync.Interop.Interop.Rtnetlink;

namespace Evpnd.KernelSync;

/// <summary>
/// Keeps the kernel's flood lists, remote MACs and remote neighbours equal to what the EVPN side
/// wants, touching only entries this daemon owns. What is wanted is kept per VNI, in VXLAN terms
/// (<see cref="DataplaneIntent"/>s); the <see cref="VniTable"/> says which device carries a VNI
/// now, so that a device that appears, comes back or is re-created gets every entry at the next
/// <see cref="Reconcile"/>.
/// </summary>
/// <remarks>
/// Ownership: FDB entries are ours when the <see cref="OwnershipStore"/> says so (the kernel
/// keeps no protocol on them); neighbours are ours when they carry NDA_PROTOCOL = RTPROT_BGP
/// and NTF_EXT_LEARNED, which the kernel does keep (REFERENCE.md "Ownership").
/// Rules (issue 4, "Reconciliation"):
/// <list type="bullet">
/// <item>Wanted and missing (never installed, or deleted by hand): installed and owned.</item>
/// <item>Wanted but held by an operator's static entry: left alone and not owned; the operator
/// wins and we never delete it later. A dynamic (wire-learned) neighbour is only a cache and is
/// replaced.</item>
/// <item>Wanted, present, NTF_EXT_LEARNED but missing from the record (a crash between
/// programming and saving): adopted.</item>
/// <item>Owned and no longer wanted: removed, except during the start-up grace period (until
/// <see cref="EndGrace"/>, the EVPN side's "desired state complete", or its timer), so a
/// restart drops no traffic before the RIB is relearned. An explicit withdrawal removes at once.</item>
/// <item>Not ours and not wanted: never touched.</item>
/// </list>
/// A full <see cref="Reconcile"/> is also the answer to <see cref="KernelOverrun"/> and to an
/// interrupted dump; between them the incremental calls program deltas through one batch.
/// Not thread-safe: owned by the KernelSync worker.
/// </remarks>
public sealed partial class KernelReconciler : IDisposable
{
    private readonly RtnetlinkClient _client;
    private readonly OwnershipStore _store;
    private readonly TimeProvider _time;
    private readonly VniTable _vnis;
    private readonly Dictionary<Vni, VniWants> _wanted = [];
    // The record's: the wants and the record name a VTEP by the same index.
    private readonly VtepTable _vtepTable;
    private readonly HashSet<(int, MacAddress, uint)> _foreignVxlanHalves = [];
    private readonly HashSet<(int, MacAddress, ushort)> _foreignBridgeHalves = [];
    private readonly HashSet<NeighborKey> _foreignNeighbors = [];
    private readonly List<PendingFlush> _begun = [];
    private readonly Stack<List<PendingChange>> _spareLists = [];
    private readonly RtnetlinkClient _writer;
    private List<PendingChange> _pending = [];
    private bool _graceEnded;
    // VXLAN devices whose FDB was not read since a start from the record (their MACs are in it).
    private readonly HashSet<int> _unreadDevices = [];
    private bool _reconciled;
    private RemoteMacKey[]? _unverified;
    private int _nextUnverified;
    private bool _adoptExternLearned;
    private long _sentAdds;
    private long _sentReplaces;
    private long _sentRemovals;
    private long _unchanged;

    /// <param name="client">Dumps, and programming when <paramref name="writer"/> is not given.</param>
    /// <param name="writer">A second socket for <see cref="Transmit"/>, so a flush can be sent from
    /// another thread while the owner dumps or journals.</param>
    /// <param name="vnis">The link table, kept current by the owner (the worker feeds it the monitor's link events).</param>
    public KernelReconciler(RtnetlinkClient client, OwnershipStore store, VniTable vnis, TimeSpan gracePeriod, TimeProvider? time = null, RtnetlinkClient? writer = null)
    {
        _client = client;
        _writer = writer ?? client;
        _store = store;
        _vtepTable = store.Vteps;
        _vnis = vnis;
        _time = time ?? TimeProvider.System;
        GraceEnds = _time.GetUtcNow() + gracePeriod;
        _store.Load(_vnis.Links);
        // A damaged record lost some of what we installed: what carries our mark (extern_learn)
        // is taken as ours at the first reconcile, so that nothing we installed leaks.
        _adoptExternLearned = _store.DamagedLines > 0;
    }

    /// <summary>
    /// Called before each datagram of programming is sent; the worker makes it wait while the
    /// monitor is behind on our own notifications (<see cref="KernelMonitor.WaitForRoom"/>).
    /// </summary>
    public Action? BeforeSend { get; set; }

    /// <summary>Until then, owned entries nobody wants are kept; reconcile again after it.</summary>
    public DateTimeOffset GraceEnds { get; }

    public int OwnedFdbEntries => _store.Flood.Count + _store.Macs.Count;

    /// <summary>What this reconciler has sent to the kernel since it was created, and what it did not need to.</summary>
    public KernelChangeCounts SentSinceStart => new(_sentAdds, _sentReplaces, _sentRemovals, _unchanged);

    private bool InGrace => !_graceEnded && _time.GetUtcNow() < GraceEnds;

    /// <summary>
    /// Everything wanted has been said (<see cref="DesiredStateComplete"/>): owned entries nobody
    /// wants are removed from the next <see cref="Reconcile"/> on, grace period or not.
    /// </summary>
    public void EndGrace() => _graceEnded = true;

    /// <summary>True once the grace period is over, by <see cref="EndGrace"/> or by the clock.</summary>
    public bool GraceOver => !InGrace;

    /// <summary>
    /// Replaces the whole desired state with the wanting intents of <paramref name="wanted"/>
    /// (withdrawals are ignored); apply it with <see cref="Reconcile"/>.
    /// </summary>
    public void SetDesired(IEnumerable<DataplaneIntent> wanted)
    {
        _wanted.Clear();
        foreach (var intent in wanted)
        {
            var wants = Wants(intent.Vni);
            switch (intent.Kind)
            {
                case DataplaneIntentKind.RemoteMacWanted:
                    wants.Macs[intent.Mac] = new RemoteFdbWant(_vtepTable.Intern(intent.Address), intent.Sticky);
                    break;
                case DataplaneIntentKind.FloodVtepWanted:
                    wants.Flood.Add(intent.Address);
                    break;
                case DataplaneIntentKind.NeighborWanted:
                    wants.Neighbors[intent.Address] = new NeighborWant(intent.Mac, intent.Router);
                    break;
                case DataplaneIntentKind.RemoteMacWithdrawn:
                case DataplaneIntentKind.FloodVtepWithdrawn:
                case DataplaneIntentKind.NeighborWithdrawn:
                    break;
            }
        }
    }

    /// <summary>True when a dumped FDB record is one this daemon installed and owns.</summary>
    public bool IsOwned(FdbRecord record) =>
        record.Mac == MacAddress.Zero
            ? record.Destination is not null && _store.Flood.Contains(new FloodEntry(record.Ifindex, record.Destination, record.SourceVni))
            : _store.Macs.ContainsKey(new RemoteMacKey(record.Ifindex, record.Mac, record.Vlan, record.SourceVni));

    /// <summary>
    /// True when the EVPN side wants this kernel entry to exist, so its removal must be undone.
    /// False for a device that carries no usable VNI (a device being deleted takes its entries
    /// with it: nothing to undo).
    /// </summary>
    public bool IsWanted(in RemoteFdbRemoval removed)
    {
        if (!_vnis.TryGetUsableByDevice(removed.Ifindex, out var state) || !_wanted.TryGetValue(state.Vni, out var wants))
        {
            return false;
        }

        return removed.Mac == MacAddress.Zero
            ? removed.Destination != IpAddressValue.None && wants.Flood.Contains(removed.Destination)
            : wants.Macs.ContainsKey(removed.Mac);
    }

    /// <summary>True when any of <paramref name="removed"/> is still wanted (see <see cref="IsWanted(in RemoteFdbRemoval)"/>).</summary>
    public bool AnyWanted(ReadOnlySpan<RemoteFdbRemoval> removed)
    {
        foreach (ref readonly var entry in removed)
        {
            if (IsWanted(entry))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the EVPN side wants this neighbour entry (same bridge and address).</summary>
    public bool IsWanted(NeighborRecord record) =>
        _vnis.TryGetUsableByBridge(record.Ifindex, out var state)
        && _wanted.TryGetValue(state.Vni, out var wants)
        && wants.Neighbors.ContainsKey(IpAddressValue.From(record.Address));

    /// <summary>Remote MACs wanted on <paramref name="vni"/>.</summary>
    public int WantedMacs(Vni vni) => _wanted.TryGetValue(vni, out var wants) ? wants.Macs.Count : 0;

    /// <summary>
    /// True when a neighbour is one this daemon installed: NDA_PROTOCOL = RTPROT_BGP. (Not
    /// NTF_EXT_LEARNED as well: the kernel clears that flag on the way out, so the RTM_DELNEIGH
    /// of a hand-deleted entry of ours no longer carries it.)
    /// </summary>
    public static bool IsOwned(NeighborRecord record) => record.Protocol == RTPROT_BGP;

    // ---- incremental deltas (queued; sent by Flush) ----

    /// <summary>
    /// Records one intent and, when its VNI's device is usable, queues what it changes in the
    /// kernel (nothing when the entry is already as wanted; an operator's static entry in the way
    /// is left alone). A VNI without a usable device is programmed when it gets one.
    /// </summary>
    public void Apply(in DataplaneIntent intent)
    {
        var wants = Wants(intent.Vni);
        var device = _vnis.TryGet(intent.Vni, out var state) && state.Usable ? state : null;
        switch (intent.Kind)
        {
            case DataplaneIntentKind.RemoteMacWanted:
            {
                var want = new RemoteFdbWant(_vtepTable.Intern(intent.Address), intent.Sticky);
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(wants.Macs, intent.Mac, out var existed);
                if (existed && slot == want)
                {
                    return;
                }

                slot = want;
                if (device is not null)
                {
                    var entry = MacEntry(device, intent.Mac, want);
                    var key = RemoteMacKey.Of(entry);
                    if (!IsForeign(key) && !HeldBySomeoneElse(key))
                    {
                        QueueReplace(key, entry, OwnedMac.Of(want, device.BridgeIfindex), unlessRecorded: true);
                    }
                }

                break;
            }

            case DataplaneIntentKind.RemoteMacWithdrawn:
                if (wants.Macs.Remove(intent.Mac) && device is not null)
                {
                    QueueMacDelete(new RemoteMacKey(device.DeviceIfindex, intent.Mac, 0));
                }

                break;
            case DataplaneIntentKind.FloodVtepWanted:
                if (wants.Flood.Add(intent.Address) && device is not null)
                {
                    QueueFloodAdd(new FloodEntry(device.DeviceIfindex, Vtep(intent.Address)), unlessRecorded: true);
                }

                break;
            case DataplaneIntentKind.FloodVtepWithdrawn:
                if (wants.Flood.Remove(intent.Address) && device is not null)
                {
                    QueueFloodDelete(new FloodEntry(device.DeviceIfindex, Vtep(intent.Address)));
                }

                break;
            case DataplaneIntentKind.NeighborWanted:
            {
                var want = new NeighborWant(intent.Mac, intent.Router);
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(wants.Neighbors, intent.Address, out var existed);
                if (existed && slot == want)
                {
                    return;
                }

                slot = want;
                if (device is not null)
                {
                    var entry = new NeighborEntry(device.BridgeIfindex, intent.Address, intent.Mac, intent.Router);
                    if (!_foreignNeighbors.Contains(NeighborKey.Of(entry)))
                    {
                        QueueNeighbor(entry, delete: false);
                    }
                }

                break;
            }

            case DataplaneIntentKind.NeighborWithdrawn:
                if (wants.Neighbors.Remove(intent.Address, out var had) && device is not null)
                {
                    var entry = new NeighborEntry(device.BridgeIfindex, intent.Address, had.Mac);
                    if (!_foreignNeighbors.Contains(NeighborKey.Of(entry)))
                    {
                        QueueNeighbor(entry, delete: true);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// Programs the queued deltas and waits for the kernel: <see cref="BeginFlush"/>,
    /// <see cref="Transmit"/> and <see cref="EndFlush"/> in one go. Only while no other flush is
    /// under way.
    /// </summary>
    public IReadOnlyList<BatchFailure> Flush()
    {
        if (_begun.Count > 0)
        {
            throw new InvalidOperationException("A flush is under way: end it before flushing again.");
        }

        if (BeginFlush() is not { } flush)
        {
            return [];
        }

        Transmit(flush);
        return EndFlush(flush);
    }

    /// <summary>
    /// Takes the queued deltas as one flush and records its installs in the ownership journal, on
    /// disk before the kernel sees them (one fsync, whatever its size); null when nothing is
    /// queued. New deltas may be queued, and further flushes begun, while it is transmitted.
    /// </summary>
    /// <remarks>
    /// An entry recorded as ours that the kernel never installed (a crash after the journal,
    /// before the send, or a refused request whose '-' line was lost) is harmless: the next
    /// reconcile finds it absent and forgets it. The reverse, an installed entry missing from the
    /// record, would leak, so the record always goes first.
    /// </remarks>
    public PendingFlush? BeginFlush()
    {
        if (_pending.Count == 0)
        {
            return null;
        }

        JournalInstalls();
        CountSent(_pending);
        var flush = new PendingFlush(_pending) { Stamps = TakeStamps() };
        _pending = _spareLists.TryPop(out var spare) ? spare : [];
        _begun.Add(flush);
        return flush;
    }

    /// <summary>
    /// Sends a begun flush and waits for every ACK. The one step that may run on another thread
    /// than the reconciler's owner, so that the next flush is prepared while the kernel works: it
    /// touches only the flush and the writer socket (never the one dumps use). Flushes must be
    /// transmitted one at a time, in the order they began.
    /// </summary>
    public void Transmit(PendingFlush flush)
    {
        using var batch = _writer.CreateBatch();
        batch.BeforeSend = BeforeSend;
        // By index, not foreach: while this runs on the sender, EndFlush of an earlier flush may
        // rewrite a change of this one in place (Inherit: only its undo fields, never what is
        // sent), which a List enumerator would take for a modification and throw.
        var changes = flush.Changes;
        for (var i = 0; i < changes.Count; i++)
        {
            Send(batch, changes[i]);
        }

        var refused = batch.Flush();
        flush.AckedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        flush.Failures = refused.Count == 0 ? [] : [.. refused];
    }

    /// <summary>
    /// After <see cref="Transmit"/>: undoes in memory what the kernel refused and journals what it
    /// removed. Flushes end in the order they began.
    /// </summary>
    /// <remarks>
    /// A refused change is not undone when a change queued later touches the same entry: that
    /// change, sent after this one, decides what the kernel and the record hold; it inherits
    /// what the refused change would have undone to.
    /// </remarks>
    public IReadOnlyList<BatchFailure> EndFlush(PendingFlush flush)
    {
        if (_begun.Count == 0 || _begun[0] != flush || flush.Failures is not { } failures)
        {
            throw new InvalidOperationException("Flushes end once each, transmitted, in the order they began.");
        }

        _begun.RemoveAt(0);
        bool[]? failed = null;
        if (failures.Count > 0)
        {
            failed = new bool[flush.Changes.Count];
            foreach (var failure in failures)
            {
                failed[failure.Index] = true;
                var refused = flush.Changes[failure.Index];
                if (FindLater(refused) is var (later, at) && later is not null)
                {
                    // The later change was queued as if this one had succeeded: tell it what the
                    // kernel really held, for its own undo should it be refused too.
                    later[at] = Inherit(later[at], refused);
                }
                else
                {
                    Undo(refused);
                }
            }
        }

        JournalOutcomes(flush.Changes, failed);
        RecordInstallLatency(flush, failed);
        flush.Changes.Clear();
        _spareLists.Push(flush.Changes);
        // A snapshot records the in-memory record: only when it equals what the kernel was asked
        // to hold (nothing queued, nothing in flight), or a delete still to send would be lost.
        if (_store.CompactionDue && _pending.Count == 0 && _begun.Count == 0)
        {
            _store.Save(_vnis.Links);
        }

        return failures;
    }

    /// <summary>Dumps the kernel, diffs it against the desired state and programs the difference.</summary>
    public ReconcileResult Reconcile() => Reconcile(readFdb: true);

    /// <summary>
    /// <see cref="Reconcile"/> that takes the ownership record for what the kernel holds of ours
    /// instead of dumping the FDB: owned entries nobody wants are removed (after the grace
    /// period), wanted ones the record lacks or holds otherwise are programmed. Neighbours are
    /// still read back (their dump costs the size of the table, once).
    /// </summary>
    /// <remarks>
    /// An FDB dump restarts its walk of the device's table for every datagram it fills
    /// (vxlan_fdb_dump and br_fdb_dump skip the entries already sent), so it costs the square of
    /// the table: 200 s of kernel time for a million remote MACs on this machine's kernel. What
    /// the kernel did to our entries since they were recorded, the monitor tells us while we
    /// run; the record is what we asked for before.
    /// </remarks>
    public ReconcileResult ReconcileFromRecord() => Reconcile(readFdb: false);

    /// <summary>
    /// The first reconcile: from an intact record that holds entries, <see cref="ReconcileFromRecord"/>
    /// (a restart over a large FDB reads none of it back, and rewrites only what changed);
    /// otherwise, an empty or damaged record, <see cref="Reconcile"/> reads the kernel (entries
    /// with our mark are adopted when the record was damaged).
    /// </summary>
    public ReconcileResult ReconcileAtStart()
    {
        if (_adoptExternLearned || _store.Macs.Count + _store.Flood.Count == 0)
        {
            return Reconcile(readFdb: true);
        }

        // Not read: an operator's static entry made while we were down is not known yet. Until
        // the FDB is read back, a MAC the record does not hold is looked up before it is installed.
        ReadDevicesWithoutRecord();
        // And what was done to ours while we were down is looked up, a few at a time, once the
        // start has converged (VerifyRecorded).
        LookUpRecordedMacs();
        return Reconcile(readFdb: false);
    }

    /// <summary>
    /// After lost events (an overrun): <see cref="ReconcileFromRecord"/>, and every recorded MAC
    /// looked up again in the background (<see cref="VerifyRecorded"/>), so that what the lost
    /// events told (a MAC of ours deleted by hand) is found without a dump that would hold up
    /// programming for minutes on a large table.
    /// </summary>
    public ReconcileResult ReconcileAfterLostEvents()
    {
        LookUpRecordedMacs();
        return Reconcile(readFdb: false);
    }

    /// <summary>
    /// A start from the record: a VXLAN device the record holds nothing of (new, re-created,
    /// or never used) is read now, alone, to learn an operator's entries on it (its table holds
    /// only theirs: cheap to dump); a device with recorded MACs is not (its dump costs the square
    /// of its table) and a MAC the record lacks there is looked up before it is installed.
    /// </summary>
    private void ReadDevicesWithoutRecord()
    {
        var recorded = _store.Macs.Keys.Select(k => k.VxlanIfindex).Concat(_store.Flood.Select(f => f.VxlanIfindex)).ToHashSet();
        _unreadDevices.Clear();
        foreach (var link in _vnis.Links.Values.Where(l => l.IsVxlan))
        {
            if (recorded.Contains(link.Ifindex))
            {
                _unreadDevices.Add(link.Ifindex);
                continue;
            }

            foreach (var record in _client.DumpFdb(deviceIfindex: link.Ifindex))
            {
                if (record.Mac == MacAddress.Zero || IsOurKind(record))
                {
                    continue;
                }

                if (record.Destination is not null && record.Flags.HasFlag(NeighborFlags.Self))
                {
                    _foreignVxlanHalves.Add((record.Ifindex, record.Mac, record.SourceVni));
                }
                else if (record.MasterIfindex != 0 && !record.IsPermanent)
                {
                    _foreignBridgeHalves.Add((record.Ifindex, record.Mac, record.Vlan));
                }
            }
        }
    }

    private void LookUpRecordedMacs()
    {
        _unverified = [.. _store.Macs.Keys];
        _nextUnverified = 0;
    }

    /// <summary>Recorded MACs of a start from the record still to be looked up (<see cref="VerifyRecorded"/>).</summary>
    public int UnverifiedMacs => _unverified is null ? 0 : _unverified.Length - _nextUnverified;

    /// <summary>
    /// Looks up in the kernel, by key, up to <paramref name="count"/> of the MACs the record held
    /// when the start took it for the kernel: one removed or changed while we were down (by hand)
    /// and still wanted is queued again. Lookups cost the same whatever the table's size (a dump
    /// does not), and a few at a time they never hold up programming. Returns how many were queued.
    /// </summary>
    public int VerifyRecorded(int count)
    {
        if (_unverified is null)
        {
            return 0;
        }

        var queued = 0;
        var end = Math.Min(_unverified.Length, _nextUnverified + count);
        for (; _nextUnverified < end; _nextUnverified++)
        {
            var key = _unverified[_nextUnverified];
            // Changed since the start (rewritten, withdrawn): the record is right about it again.
            if (!_store.Macs.TryGetValue(key, out var owned) || !_vnis.TryGetUsableByDevice(key.VxlanIfindex, out var state)
                || !_wanted.TryGetValue(state.Vni, out var wants) || !wants.Macs.TryGetValue(key.Mac, out var want))
            {
                continue;
            }

            var wanted = MacEntry(state, key.Mac, want);
            if (OwnedMac.Of(wanted, _vtepTable) != owned || RemoteMacKey.Of(wanted) != key)
            {
                continue;
            }

            FdbRecord? vxlanHalf, bridgeHalf;
            try
            {
                vxlanHalf = _client.GetFdb(key, bridgeHalf: false);
                bridgeHalf = vxlanHalf is null ? null : _client.GetFdb(key, bridgeHalf: true);
            }
            catch (NetlinkException)
            {
                // A kernel without FDB lookups (before 5.0): the record stands.
                _unverified = null;
                return queued;
            }

            if (!InSync(wanted, vxlanHalf, bridgeHalf))
            {
                QueueReplace(key, wanted);
                queued++;
            }
        }

        if (_nextUnverified == _unverified.Length)
        {
            _unverified = null;
        }

        return queued;
    }

    /// <summary>
    /// Queues again the wanted entries among <paramref name="removed"/> (deleted by someone else,
    /// not by us): only those, not a reconcile of the whole table. Returns how many.
    /// </summary>
    public int Reinstall(ReadOnlySpan<RemoteFdbRemoval> removed)
    {
        var queued = 0;
        foreach (ref readonly var entry in removed)
        {
            if (!IsWanted(entry) || !_vnis.TryGetUsableByDevice(entry.Ifindex, out var state))
            {
                continue;
            }

            var wants = _wanted[state.Vni];
            if (entry.Mac == MacAddress.Zero)
            {
                QueueFloodAdd(new FloodEntry(state.DeviceIfindex, Vtep(entry.Destination)));
            }
            else
            {
                var wanted = MacEntry(state, entry.Mac, wants.Macs[entry.Mac]);
                QueueReplace(RemoteMacKey.Of(wanted), wanted);
            }

            queued++;
        }

        return queued;
    }

    private ReconcileResult Reconcile(bool readFdb)
    {
        Flush();
        var forgot = ForgetEntriesOfVanishedDevices();
        var counts = new ReconcileCounts();
        if (readFdb)
        {
            ReconcileFdb(counts);
            _unreadDevices.Clear();
            _unverified = null;
        }
        else
        {
            ReconcileFdbFromRecord(counts);
        }

        ReconcileNeighbors(counts);
        var failures = Flush();
        // A read of the kernel adopted and forgot entries in memory: one snapshot records it all
        // and starts the journal over (at start, this is the compaction of the previous run's
        // journal). From the record, every change went through the journal: a snapshot (a
        // million lines are seconds of writing) only for what was forgotten, to compact the
        // journal a previous run left, or when one is due anyway.
        if (readFdb || forgot || _store.CompactionDue || (!_reconciled && _store.JournalLines > 0))
        {
            _store.Save(_vnis.Links);
        }

        _reconciled = true;
        return new ReconcileResult(counts.Added, counts.Replaced, counts.Removed, counts.Kept, counts.Foreign, failures);
    }

    /// <summary>
    /// Closes the journal. With nothing left unflushed (a clean stop), the record is compacted into
    /// a snapshot first; otherwise the in-memory record is ahead of the kernel and only the journal
    /// is kept.
    /// </summary>
    public void Dispose()
    {
        try
        {
            if (_pending.Count == 0 && _begun.Count == 0 && _store.JournalLines > 0)
            {
                _store.Save(_vnis.Links);
            }
        }
        catch (IOException)
        {
            // The journal written so far is still a complete record.
        }
        finally
        {
            _store.Dispose();
        }
    }

    private void JournalInstalls()
    {
        // Entries are queued only for devices in the link table: the record names each by ifindex and name.
        foreach (var change in _pending)
        {
            switch (change.Kind)
            {
                case PendingChangeKind.FloodAdd when !change.HadPrevious:
                    _store.JournalAdded(change.Flood, _vnis.Links);
                    break;
                case PendingChangeKind.MacReplace:
                    _store.JournalAdded(change.Mac, _vnis.Links);
                    break;
            }
        }

        _store.SyncJournal(toDisk: true);
    }

    private void CountSent(List<PendingChange> changes)
    {
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case PendingChangeKind.MacReplace when change.HadPrevious:
                    _sentReplaces++;
                    break;
                case PendingChangeKind.FloodAdd or PendingChangeKind.MacReplace or PendingChangeKind.NeighborReplace:
                    _sentAdds++;
                    break;
                default:
                    _sentRemovals++;
                    break;
            }
        }
    }

    private static void Send(FdbBatch batch, in PendingChange change)
    {
        // Exactly one request per change, so a failure's batch index is the change's index.
        switch (change.Kind)
        {
            case PendingChangeKind.FloodAdd:
                batch.AddFloodEntry(change.Flood);
                break;
            case PendingChangeKind.FloodDelete:
                batch.DeleteFloodEntry(change.Flood);
                break;
            case PendingChangeKind.MacReplace:
                batch.ReplaceRemoteMac(change.Mac);
                break;
            case PendingChangeKind.MacDelete:
                batch.DeleteRemoteMac(change.Mac);
                break;
            case PendingChangeKind.NeighborReplace:
                batch.ReplaceNeighbor(change.Neighbor);
                break;
            case PendingChangeKind.NeighborDelete:
                batch.DeleteNeighbor(change.Neighbor);
                break;
        }
    }

    /// <summary>
    /// The first change queued after <paramref name="change"/> (in a later flush, or not yet
    /// flushed) about the same entry: its list and index, or (null, 0).
    /// </summary>
    private (List<PendingChange>? List, int Index) FindLater(in PendingChange change)
    {
        // The flush being ended has left _begun already: all of _begun came later.
        for (var i = 0; i <= _begun.Count; i++)
        {
            var changes = i < _begun.Count ? _begun[i].Changes : _pending;
            for (var j = 0; j < changes.Count; j++)
            {
                if (SameEntry(changes[j], change))
                {
                    return (changes, j);
                }
            }
        }

        return (null, 0);
    }

    private static bool SameEntry(in PendingChange a, in PendingChange b) => (a.Kind, b.Kind) switch
    {
        (PendingChangeKind.FloodAdd or PendingChangeKind.FloodDelete, PendingChangeKind.FloodAdd or PendingChangeKind.FloodDelete) => a.Flood == b.Flood,
        (PendingChangeKind.MacReplace or PendingChangeKind.MacDelete, PendingChangeKind.MacReplace or PendingChangeKind.MacDelete) => RemoteMacKey.Of(a.Mac) == RemoteMacKey.Of(b.Mac),
        _ => false,
    };

    /// <summary>
    /// <paramref name="later"/> with the kernel's state before <paramref name="refused"/> (which
    /// did not happen) as its own "previous".
    /// </summary>
    private static PendingChange Inherit(in PendingChange later, in PendingChange refused) => (refused.Kind, later.Kind) switch
    {
        (PendingChangeKind.MacReplace, PendingChangeKind.MacReplace) => later.WithPrevious(refused.HadPrevious, refused.Previous),
        (PendingChangeKind.MacDelete, PendingChangeKind.MacReplace) => later.WithPrevious(true, refused.Mac),
        (PendingChangeKind.FloodAdd, PendingChangeKind.FloodAdd) => later.WithPrevious(refused.HadPrevious, default),
        (PendingChangeKind.FloodDelete, PendingChangeKind.FloodAdd) => later.WithPrevious(true, default),
        _ => later,
    };

    private void Undo(in PendingChange change)
    {
        switch (change.Kind)
        {
            case PendingChangeKind.FloodAdd when !change.HadPrevious:
                _store.Flood.Remove(change.Flood);
                break;
            case PendingChangeKind.FloodDelete:
                _store.Flood.Add(change.Flood);
                break;
            case PendingChangeKind.MacReplace when change.HadPrevious:
                _store.Macs[RemoteMacKey.Of(change.Mac)] = OwnedMac.Of(change.Previous, _vtepTable);
                break;
            case PendingChangeKind.MacReplace:
                _store.Macs.Remove(RemoteMacKey.Of(change.Mac));
                break;
            case PendingChangeKind.MacDelete:
                _store.Own(change.Mac);
                break;
        }
    }

    /// <summary>
    /// After the kernel answered: '-' for what it removed and for refused installs, '+' again for a
    /// refused move whose previous entry stays. Judged by the record as it now is, so a MAC
    /// withdrawn and wanted again in one flush stays ours.
    /// </summary>
    private void JournalOutcomes(List<PendingChange> changes, bool[]? failed)
    {
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var refused = failed is not null && failed[i];
            switch (change.Kind)
            {
                case PendingChangeKind.FloodAdd when refused && !_store.Flood.Contains(change.Flood):
                case PendingChangeKind.FloodDelete when !refused && !_store.Flood.Contains(change.Flood):
                    _store.JournalRemoved(change.Flood, _vnis.Links);
                    break;
                case PendingChangeKind.MacReplace when refused:
                case PendingChangeKind.MacDelete when !refused:
                    if (_store.Macs.TryGetValue(RemoteMacKey.Of(change.Mac), out var now))
                    {
                        if (refused)
                        {
                            _store.JournalAdded(now.ToEntry(RemoteMacKey.Of(change.Mac), _vtepTable), _vnis.Links);
                        }
                    }
                    else
                    {
                        _store.JournalRemoved(change.Mac, _vnis.Links);
                    }

                    break;
            }
        }

        _store.SyncJournal(toDisk: false);
    }

    private void ReconcileFdb(ReconcileCounts counts)
    {
        // A remote MAC is two kernel entries: the VXLAN half (dst, keyed by MAC and source VNI)
        // and the bridge half on the VXLAN port (keyed by MAC and VLAN).
        var actualFlood = new HashSet<FloodEntry>();
        var vxlanHalves = new Dictionary<(int, MacAddress, uint), FdbRecord>();
        var bridgeHalves = new Dictionary<(int, MacAddress, ushort), FdbRecord>();
        foreach (var record in _client.DumpFdb())
        {
            if (!_vnis.Links.TryGetValue(record.Ifindex, out var device) || !device.IsVxlan)
            {
                continue;
            }

            if (record.Mac == MacAddress.Zero && record.Destination is not null)
            {
                actualFlood.Add(new FloodEntry(record.Ifindex, record.Destination, record.SourceVni));
            }
            else if (record.Destination is not null && record.Flags.HasFlag(NeighborFlags.Self))
            {
                vxlanHalves[(record.Ifindex, record.Mac, record.SourceVni)] = record;
            }
            else if (record.MasterIfindex != 0 && !record.IsPermanent)
            {
                bridgeHalves[(record.Ifindex, record.Mac, record.Vlan)] = record;
            }
        }

        if (_adoptExternLearned)
        {
            // The record was damaged: every remote MAC with our mark is ours from now on (kept if
            // wanted, removed after the grace period if not).
            foreach (var (key, half) in vxlanHalves)
            {
                var master = _vnis.Links.TryGetValue(key.Item1, out var device) ? device.MasterIfindex : 0;
                if (half.IsExternallyLearned && half.Destination is not null && !_store.Macs.ContainsKey(new RemoteMacKey(key.Item1, key.Item2, 0, key.Item3)))
                {
                    var adopted = new RemoteMacEntry(key.Item1, master, key.Item2, half.Destination, 0, false, key.Item3);
                    _store.Own(adopted);
                }
            }

            _adoptExternLearned = false;
        }

        foreach (var flood in WantedFlood())
        {
            if (!actualFlood.Contains(flood))
            {
                QueueFloodAdd(flood);
                counts.Added++;
            }
            else if (!_store.Flood.Contains(flood))
            {
                // An operator's identical static flooding entry: it stays theirs.
                counts.Foreign++;
            }
        }

        // Every MAC held by someone else's static entry, wanted now or not, so that a later
        // incremental upsert leaves it alone too (the kernel would overwrite it otherwise).
        var ownedVxlanHalves = _store.Macs.Keys.Select(k => (k.VxlanIfindex, k.Mac, k.SourceVni)).ToHashSet();
        var ownedBridgeHalves = _store.Macs.Keys.Select(k => (k.VxlanIfindex, k.Mac, k.Vlan)).ToHashSet();
        _foreignVxlanHalves.Clear();
        _foreignVxlanHalves.UnionWith(vxlanHalves.Where(h => !ownedVxlanHalves.Contains(h.Key) && !IsOurKind(h.Value)).Select(h => h.Key));
        _foreignBridgeHalves.Clear();
        _foreignBridgeHalves.UnionWith(bridgeHalves.Where(h => !ownedBridgeHalves.Contains(h.Key) && !IsOurKind(h.Value)).Select(h => h.Key));

        foreach (var wanted in WantedMacs())
        {
            var key = RemoteMacKey.Of(wanted);
            vxlanHalves.TryGetValue((key.VxlanIfindex, key.Mac, key.SourceVni), out var vxlanHalf);
            bridgeHalves.TryGetValue((key.VxlanIfindex, key.Mac, key.Vlan), out var bridgeHalf);
            if (vxlanHalf is null && bridgeHalf is null)
            {
                QueueReplace(key, wanted);
                counts.Added++;
            }
            else if (IsForeign(key))
            {
                counts.Foreign++;
            }
            else if (InSync(wanted, vxlanHalf, bridgeHalf))
            {
                // Ours by the record, or adopted: extern_learn and exactly what we want.
                _store.Macs[key] = OwnedMac.Of(wanted, _vtepTable);
            }
            else
            {
                QueueReplace(key, wanted);
                counts.Replaced++;
            }
        }

        foreach (var flood in _store.Flood.Where(f => !IsWantedFlood(f)).ToList())
        {
            // Kept in grace only when the kernel still holds it: the record then says what the
            // kernel has, which lets a wanted entry that is recorded go unsent.
            if (InGrace && actualFlood.Contains(flood))
            {
                counts.Kept++;
            }
            else if (actualFlood.Contains(flood))
            {
                QueueFloodDelete(flood);
                counts.Removed++;
            }
            else
            {
                _store.Flood.Remove(flood);
            }
        }

        foreach (var key in _store.Macs.Keys.Where(k => !IsWantedMac(k)).ToList())
        {
            var present = vxlanHalves.ContainsKey((key.VxlanIfindex, key.Mac, key.SourceVni)) || bridgeHalves.ContainsKey((key.VxlanIfindex, key.Mac, key.Vlan));
            if (InGrace && present)
            {
                counts.Kept++;
            }
            else if (present)
            {
                QueueMacDelete(key);
                counts.Removed++;
            }
            else
            {
                _store.Macs.Remove(key);
            }
        }
    }

    /// <summary>The FDB side of <see cref="ReconcileFromRecord"/>: the record stands for the kernel.</summary>
    private void ReconcileFdbFromRecord(ReconcileCounts counts)
    {
        foreach (var flood in WantedFlood())
        {
            if (!_store.Flood.Contains(flood))
            {
                QueueFloodAdd(flood);
                counts.Added++;
            }
        }

        foreach (var wanted in WantedMacs())
        {
            var key = RemoteMacKey.Of(wanted);
            if (_store.Macs.TryGetValue(key, out var owned))
            {
                if (owned != OwnedMac.Of(wanted, _vtepTable))
                {
                    QueueReplace(key, wanted);
                    counts.Replaced++;
                }
            }
            else if (IsForeign(key) || HeldBySomeoneElse(key))
            {
                counts.Foreign++;
            }
            else
            {
                QueueReplace(key, wanted);
                counts.Added++;
            }
        }

        foreach (var flood in _store.Flood.Where(f => !IsWantedFlood(f)).ToList())
        {
            if (InGrace)
            {
                counts.Kept++;
            }
            else
            {
                // Gone already (by hand, while we were down): the kernel answers ENOENT, which is no failure.
                QueueFloodDelete(flood);
                counts.Removed++;
            }
        }

        foreach (var key in _store.Macs.Keys.Where(k => !IsWantedMac(k)).ToList())
        {
            if (InGrace)
            {
                counts.Kept++;
            }
            else
            {
                QueueMacDelete(key);
                counts.Removed++;
            }
        }
    }

    /// <summary>
    /// While the device's FDB has not been read back (a start from the record), whether the kernel
    /// holds an entry for <paramref name="key"/>, which the record does not, that is not of our kind: an operator's static entry,
    /// which then stays theirs (it joins the foreign halves, as a dump would have found it).
    /// </summary>
    private bool HeldBySomeoneElse(RemoteMacKey key)
    {
        // Checked in this order: the set is empty except after a start from the record, and a
        // recorded MAC is ours (the record's lookup only then, not on every install).
        if (!_unreadDevices.Contains(key.VxlanIfindex) || _store.Macs.ContainsKey(key))
        {
            return false;
        }

        try
        {
            var vxlanHalf = _client.GetFdb(key, bridgeHalf: false);
            var bridgeHalf = _client.GetFdb(key, bridgeHalf: true);
            var foreign = false;
            if (vxlanHalf is not null && !IsOurKind(vxlanHalf))
            {
                _foreignVxlanHalves.Add((key.VxlanIfindex, key.Mac, key.SourceVni));
                foreign = true;
            }

            if (bridgeHalf is not null && !bridgeHalf.IsPermanent && !IsOurKind(bridgeHalf))
            {
                _foreignBridgeHalves.Add((key.VxlanIfindex, key.Mac, key.Vlan));
                foreign = true;
            }

            return foreign;
        }
        catch (NetlinkException)
        {
            // A kernel without FDB lookups (before 5.0): installed as before this lookup existed.
            return false;
        }
    }

    private bool IsForeign(RemoteMacKey key) =>
        _foreignVxlanHalves.Contains((key.VxlanIfindex, key.Mac, key.SourceVni))
        || _foreignBridgeHalves.Contains((key.VxlanIfindex, key.Mac, key.Vlan));

    private void ReconcileNeighbors(ReconcileCounts counts)
    {
        var actual = _client.DumpNeighbors().ToDictionary(n => new NeighborKey(n.Ifindex, IpAddressValue.From(n.Address)));
        var desired = WantedNeighbors().ToDictionary(n => NeighborKey.Of(n));
        _foreignNeighbors.Clear();
        foreach (var (key, wanted) in desired)
        {
            if (!actual.TryGetValue(key, out var present))
            {
                QueueNeighbor(wanted, delete: false);
                counts.Added++;
            }
            else if (!IsOwned(present) && present.State.HasFlag(NeighborStates.Permanent))
            {
                _foreignNeighbors.Add(key);
                counts.Foreign++;
            }
            else if (!IsOwned(present) || present.Mac != wanted.Mac || present.Flags.HasFlag(NeighborFlags.Router) != wanted.Router)
            {
                QueueNeighbor(wanted, delete: false);
                counts.Replaced++;
            }
        }

        foreach (var (key, present) in actual)
        {
            if (!IsOwned(present) || desired.ContainsKey(key))
            {
                continue;
            }

            if (InGrace)
            {
                counts.Kept++;
                continue;
            }

            QueueNeighbor(new NeighborEntry(present.Ifindex, IpAddressValue.From(present.Address), present.Mac ?? MacAddress.Zero), delete: true);
            counts.Removed++;
        }
    }

    /// <param name="unlessRecorded">An intent, not a reconcile: an entry the record holds is in
    /// the kernel (a restart: the record outlived the process), so nothing is sent.</param>
    private void QueueFloodAdd(FloodEntry entry, bool unlessRecorded = false)
    {
        var own = _store.Flood.Add(entry);
        if (!own && unlessRecorded)
        {
            _unchanged++;
            return;
        }

        _pending.Add(new PendingChange(PendingChangeKind.FloodAdd, flood: entry, hadPrevious: !own));
    }

    private void QueueFloodDelete(FloodEntry entry)
    {
        if (_store.Flood.Remove(entry))
        {
            _pending.Add(new PendingChange(PendingChangeKind.FloodDelete, flood: entry));
        }
    }

    private void QueueMacDelete(RemoteMacKey key)
    {
        if (_store.Macs.Remove(key, out var owned))
        {
            _pending.Add(new PendingChange(PendingChangeKind.MacDelete, owned.ToEntry(key, _vtepTable)));
        }
    }

    private void QueueNeighbor(NeighborEntry entry, bool delete) =>
        _pending.Add(new PendingChange(delete ? PendingChangeKind.NeighborDelete : PendingChangeKind.NeighborReplace, neighbor: entry));

    /// <param name="unlessRecorded">An intent, not a reconcile: an entry recorded as installed
    /// with these very contents is not sent again (see <see cref="QueueFloodAdd"/>).</param>
    private void QueueReplace(RemoteMacKey key, RemoteMacEntry entry, bool unlessRecorded = false) =>
        QueueReplace(key, entry, OwnedMac.Of(entry, _vtepTable), unlessRecorded);

    /// <param name="wanted"><paramref name="entry"/> as the record holds it.</param>
    private void QueueReplace(RemoteMacKey key, RemoteMacEntry entry, OwnedMac wanted, bool unlessRecorded)
    {
        // One lookup in a table of up to millions: the hot path of a large install.
        ref var owned = ref CollectionsMarshal.GetValueRefOrAddDefault(_store.Macs, key, out var hadPrevious);
        if (unlessRecorded && hadPrevious && owned == wanted)
        {
            // After a restart, what the RIB hands over again is mostly this, and rewriting it
            // would cost a netlink change per MAC for nothing. (The record is what we asked the
            // kernel to hold; what was done to it since, while we ran, the monitor told us.)
            _unchanged++;
            return;
        }

        var previous = hadPrevious ? owned.ToEntry(key, _vtepTable) : default;
        owned = wanted;
        _pending.Add(new PendingChange(PendingChangeKind.MacReplace, entry, hadPrevious: hadPrevious, previous: previous));
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

    /// <summary>Forgets (in memory only) what was recorded on devices gone; true when there was any.</summary>
    private bool ForgetEntriesOfVanishedDevices()
    {
        var links = _vnis.Links;
        var forgotten = _store.Flood.RemoveWhere(f => !links.ContainsKey(f.VxlanIfindex));
        foreach (var key in _store.Macs.Keys.Where(k => !links.ContainsKey(k.VxlanIfindex)).ToList())
        {
            _store.Macs.Remove(key);
            forgotten++;
        }

        return forgotten > 0;
    }

    /// <summary>The flood entries wanted on the devices that carry their VNIs now.</summary>
    private IEnumerable<FloodEntry> WantedFlood()
    {
        foreach (var (vni, wants) in _wanted)
        {
            if (_vnis.TryGet(vni, out var state) && state.Usable)
            {
                foreach (var vtep in wants.Flood)
                {
                    yield return new FloodEntry(state.DeviceIfindex, Vtep(vtep));
                }
            }
        }
    }

    /// <summary>The remote MACs wanted, on the devices that carry their VNIs now.</summary>
    private IEnumerable<RemoteMacEntry> WantedMacs()
    {
        foreach (var (vni, wants) in _wanted)
        {
            if (_vnis.TryGet(vni, out var state) && state.Usable)
            {
                foreach (var (mac, want) in wants.Macs)
                {
                    yield return MacEntry(state, mac, want);
                }
            }
        }
    }

    private IEnumerable<NeighborEntry> WantedNeighbors()
    {
        foreach (var (vni, wants) in _wanted)
        {
            if (_vnis.TryGet(vni, out var state) && state.Usable)
            {
                foreach (var (ip, want) in wants.Neighbors)
                {
                    yield return new NeighborEntry(state.BridgeIfindex, ip, want.Mac, want.Router);
                }
            }
        }
    }

    private bool IsWantedFlood(in FloodEntry flood) =>
        _vnis.TryGetUsableByDevice(flood.VxlanIfindex, out var state)
        && _wanted.TryGetValue(state.Vni, out var wants)
        && wants.Flood.Contains(IpAddressValue.From(flood.RemoteVtep));

    private bool IsWantedMac(in RemoteMacKey key) =>
        _vnis.TryGetUsableByDevice(key.VxlanIfindex, out var state)
        && _wanted.TryGetValue(state.Vni, out var wants)
        && wants.Macs.ContainsKey(key.Mac);

    private RemoteMacEntry MacEntry(VniState state, MacAddress mac, RemoteFdbWant want) =>
        new(state.DeviceIfindex, state.BridgeIfindex, mac, _vtepTable[want.Vtep], Sticky: want.Sticky);

    private System.Net.IPAddress Vtep(IpAddressValue vtep) => _vtepTable[_vtepTable.Intern(vtep)];

    private VniWants Wants(Vni vni)
    {
        ref var wants = ref CollectionsMarshal.GetValueRefOrAddDefault(_wanted, vni, out var known);
        if (!known)
        {
            wants = new VniWants();
        }

        return wants!;
    }

    /// <summary>What one VNI wants in the kernel, whichever device carries it.</summary>
    private sealed class VniWants
    {
        public HashSet<IpAddressValue> Flood { get; } = [];

        public Dictionary<MacAddress, RemoteFdbWant> Macs { get; } = [];

        public Dictionary<IpAddressValue, NeighborWant> Neighbors { get; } = [];
    }
}
