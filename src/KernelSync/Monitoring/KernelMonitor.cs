using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Evpnd.KernelSync.Netlink;
using static Evpnd.KernelSync.Interop.Interop.Rtnetlink;

namespace Evpnd.KernelSync;

/// <summary>
/// Listens on RTNLGRP_LINK and RTNLGRP_NEIGH (a socket of its own, apart from requests, so a
/// burst of notifications never delays an ACK) and turns the messages into
/// <see cref="MonitorEvent"/>s (a closed set): links added/changed/removed, local MACs learned/aged on bridge
/// ports, neighbours, and <see cref="KernelOverrun"/> when the kernel dropped events (ENOBUFS).
/// </summary>
/// <remarks>
/// Subscribe first, then dump (netlink(7)): a change racing the initial dump is then seen twice
/// rather than lost. One consumer reads <see cref="ReadEventsAsync"/>; the link table is owned
/// by that reader.
/// </remarks>
public sealed class KernelMonitor : IDisposable
{
    /// <summary>Tens of MB: a 100k-MAC burst overflows the 212,992-byte default (REFERENCE.md).</summary>
    public const int DefaultReceiveBufferBytes = 64 * 1024 * 1024;

    /// <summary>Removals on VXLAN devices carried by one <see cref="RemoteFdbRemovals"/> at most.</summary>
    public const int RemovalsPerEvent = 1024;

    /// <summary>How often a waiting reader looks at its cancellation token.</summary>
    private const int PollMilliseconds = 100;

    /// <summary>Datagrams read in one go that make the next wait start with a nap.</summary>
    private const int BurstDatagrams = 32;

    private readonly NetlinkSocket _listener;
    private readonly RtnetlinkClient _client;
    // Not a link table (the worker's VniTable is the one): which ifindexes are VXLAN devices, to
    // tell their FDB notifications from a bridge's before any record is built.
    private readonly HashSet<int> _vxlans = [];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly SortedSet<int> _filteredVxlans = [];
    private readonly ManualResetEventSlim _drained = new(false);
    // Rented for each burst and handed over with it; the worker gives it back (RemoteFdbRemovals.Release).
    private RemoteFdbRemoval[]? _removals;
    private int _removalCount;

    private KernelMonitor(NetlinkSocket listener, RtnetlinkClient client)
    {
        _listener = listener;
        _client = client;
    }

    /// <summary>The VXLAN devices as last reported, by ifindex.</summary>
    public IReadOnlySet<int> VxlanDevices => _vxlans;

    /// <summary>The receive buffer the kernel granted the listener.</summary>
    public int ReceiveBufferSize => _listener.ReceiveBufferSize;

    /// <summary>Opens a monitor of the current namespace, or of a named one.</summary>
    public static KernelMonitor Open(string? networkNamespace = null, int receiveBufferBytes = DefaultReceiveBufferBytes)
    {
        KernelMonitor Create()
        {
            var listener = NetlinkSocket.Open(receiveBufferBytes, RTNLGRP_LINK, RTNLGRP_NEIGH);
            try
            {
                return new KernelMonitor(listener, RtnetlinkClient.Open());
            }
            catch
            {
                listener.Dispose();
                throw;
            }
        }

        return networkNamespace is null ? Create() : NetworkNamespace.Run(networkNamespace, Create);
    }

    /// <summary>
    /// The initial link dump as <see cref="LinkUpdated"/> events, then kernel events as they come.
    /// On ENOBUFS the links are re-read (and reported) and <see cref="KernelOverrun"/> tells the
    /// consumer to resynchronise: links (a device removed meanwhile is not reported here), FDB
    /// and neighbours.
    /// </summary>
    public async IAsyncEnumerable<MonitorEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var batch = new List<MonitorEvent>();
        ReloadLinks(batch);
        foreach (var kernelEvent in batch)
        {
            yield return kernelEvent;
        }

        var readSinceWait = 0;
        while (true)
        {
            // A queued datagram is read at once, whatever the token says: without this a stopped
            // reader would first drain a backlog of notifications.
            cancellationToken.ThrowIfCancellationRequested();
            batch.Clear();
            // A burst is drained without waiting (one recv each, no wake-up per message); only
            // an empty queue is awaited.
            var length = _listener.ReceiveQueued(_buffer);
            if (length == 0)
            {
                // The burst is read: what it removed goes out before the reader waits.
                FlushRemovals(batch);
                foreach (var kernelEvent in batch)
                {
                    yield return kernelEvent;
                }

                _drained.Set();
                await WaitForDatagramsAsync(nap: readSinceWait >= BurstDatagrams, cancellationToken).ConfigureAwait(false);
                readSinceWait = 0;
                continue;
            }

            readSinceWait++;
            if (length < 0)
            {
                FlushRemovals(batch);
                ReloadLinks(batch);
                batch.Add(new KernelOverrun());
            }
            else
            {
                Decode(_buffer.AsSpan(0, length), batch);
            }

            foreach (var kernelEvent in batch)
            {
                yield return kernelEvent;
            }
        }
    }

    /// <summary>
    /// Waits on a pool thread, in poll(2), for the next datagram, checking
    /// <paramref name="cancellationToken"/> every <see cref="PollMilliseconds"/>. After a burst
    /// (<paramref name="nap"/>) it first sleeps a millisecond: more of the burst is then read per
    /// wake-up, and the kernel does not wake us once per message while it is still writing them.
    /// </summary>
    private Task WaitForDatagramsAsync(bool nap, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () =>
            {
                if (nap)
                {
                    Thread.Sleep(1);
                }

                while (!_listener.WaitReadable(PollMilliseconds))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            },
            cancellationToken,
            TaskCreationOptions.DenyChildAttach,
            TaskScheduler.Default);

    /// <summary>
    /// Called by the programming side before it sends requests whose notifications reach this
    /// listener (our own deletions, two per remote MAC, must pass so that a hand deletion is
    /// seen): while more than a quarter of the receive buffer is queued, waits for the reader to
    /// catch up, so our own bursts cannot overrun it and force a full resync. Gives up waiting
    /// after <paramref name="patience"/> (a stalled reader must not stall programming too).
    /// Safe to call from another thread than the reader's.
    /// </summary>
    public void WaitForRoom(TimeSpan patience)
    {
        var (queued, limit) = _listener.ReceiveBacklog();
        if (queued <= limit / 4)
        {
            return;
        }

        var deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        while (queued > limit / 8 && Environment.TickCount64 < deadline)
        {
            // Set by the reader when it finds the queue empty, which it rarely does during a
            // burst: the short timeout re-reads the backlog meanwhile.
            _drained.Reset();
            _drained.Wait(TimeSpan.FromMilliseconds(2));
            (queued, limit) = _listener.ReceiveBacklog();
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _client.Dispose();
        _drained.Dispose();
    }

    private void ReloadLinks(List<MonitorEvent> output)
    {
        _vxlans.Clear();
        foreach (var link in _client.DumpLinks())
        {
            Apply(link, output);
        }

        UpdateEchoFilter();
    }

    /// <summary>
    /// Keeps the listener's kernel-side filter (<see cref="VxlanEchoFilter"/>) on the VXLAN
    /// devices, so the echoes of our installs are never queued to us. Until it
    /// is updated for a new device, <see cref="IsOnVxlanDevice"/> skips them here instead.
    /// </summary>
    private void UpdateEchoFilter()
    {
        if (_filteredVxlans.SetEquals(_vxlans))
        {
            return;
        }

        _filteredVxlans.Clear();
        _filteredVxlans.UnionWith(_vxlans);
        _listener.SetFilter(VxlanEchoFilter.Build(_filteredVxlans));
    }

    private void Decode(ReadOnlySpan<byte> datagram, List<MonitorEvent> output)
    {
        var reader = new NetlinkMessageReader(datagram);
        var linksChanged = false;
        while (reader.TryRead(out var message))
        {
            switch (message.Type)
            {
                case RTM_NEWLINK when !LinkMessages.IsBridgePortMessage(message):
                    FlushRemovals(output);
                    Apply(LinkMessages.Parse(message), output);
                    linksChanged = true;
                    break;
                case RTM_DELLINK when !LinkMessages.IsBridgePortMessage(message):
                    FlushRemovals(output);
                    var removed = LinkMessages.Parse(message);
                    _vxlans.Remove(removed.Ifindex);
                    output.Add(new LinkRemoved(removed));
                    linksChanged = true;
                    break;
                case RTM_NEWNEIGH when FdbMessages.IsBridgeFamily(message) && IsOnVxlanDevice(message):
                    // A new entry on a VXLAN device (above all the echo of each of our own
                    // installs, two per remote MAC) means nothing to the EVPN side: decided from
                    // the ndmsg header, before any record is built.
                    break;
                case RTM_DELNEIGH when FdbMessages.IsBridgeFamily(message) && IsOnVxlanDevice(message):
                    // Only its removal matters (one of ours may have been deleted by hand); the
                    // echoes of our own withdrawals, two per MAC, are gathered into one event.
                    AddRemoval(FdbMessages.ParseRemoval(message), output);
                    break;
                case RTM_NEWNEIGH or RTM_DELNEIGH when FdbMessages.IsBridgeFamily(message):
                    FlushRemovals(output);
                    ClassifyFdb(FdbMessages.Parse(message), message.Type == RTM_DELNEIGH, output);
                    break;
                case RTM_NEWNEIGH or RTM_DELNEIGH when NeighborMessages.IsInetFamily(message):
                    FlushRemovals(output);
                    if (NeighborMessages.Parse(message) is { } neighbor)
                    {
                        output.Add(message.Type == RTM_DELNEIGH ? new NeighborRemoved(neighbor) : new NeighborUpdated(neighbor));
                    }

                    break;
            }
        }

        if (linksChanged)
        {
            UpdateEchoFilter();
        }
    }

    /// <summary>
    /// ndm_ifindex of an AF_BRIDGE neighbour message names a VXLAN device we know.
    /// <code>
    /// struct ndmsg { u8 family; u8 pad1; u16 pad2; s32 ifindex; u16 state; u8 flags; u8 type; }
    /// </code>
    /// </summary>
    private bool IsOnVxlanDevice(in NetlinkMessage message) =>
        message.Payload.Length >= 12
        && _vxlans.Contains(MemoryMarshal.Read<int>(message.Payload[4..]));

    private void Apply(LinkRecord link, List<MonitorEvent> output)
    {
        if (link.IsVxlan)
        {
            _vxlans.Add(link.Ifindex);
        }
        else
        {
            _vxlans.Remove(link.Ifindex);
        }

        output.Add(new LinkUpdated(link));
    }

    /// <summary>
    /// Local learning (REFERENCE.md "Kernel"): bridge entries on ports other than a VXLAN
    /// device, without NUD_PERMANENT (the bridge's and ports' own addresses). Bridge FDB
    /// notifications always carry NDA_MASTER; entries without it are a device's own (self) table.
    /// </summary>
    private static void ClassifyFdb(FdbRecord record, bool deleted, List<MonitorEvent> output)
    {
        if (Classify(record, deleted) is { } e)
        {
            output.Add(e);
        }
    }

    private void AddRemoval(in RemoteFdbRemoval removal, List<MonitorEvent> output)
    {
        _removals ??= System.Buffers.ArrayPool<RemoteFdbRemoval>.Shared.Rent(RemovalsPerEvent);
        _removals[_removalCount++] = removal;
        if (_removalCount == RemovalsPerEvent)
        {
            FlushRemovals(output);
        }
    }

    /// <summary>The removals gathered so far, as one event, before anything reported after them.</summary>
    private void FlushRemovals(List<MonitorEvent> output)
    {
        if (_removalCount == 0)
        {
            return;
        }

        // The burst's buffer goes with it and a new one is rented for the next: a session loss
        // echoes two removals per MAC (80 MB of arrays at 1M MACs if each burst were copied out).
        output.Add(new RemoteFdbRemovals(_removals!, _removalCount));
        _removals = null;
        _removalCount = 0;
    }

    /// <summary>
    /// What one FDB entry on a bridge port (not a VXLAN device: only removals matter there, see
    /// <see cref="RemoteFdbRemovals"/>) means to the EVPN side: a dynamic entry is a local MAC.
    /// </summary>
    internal static MonitorEvent? Classify(FdbRecord record, bool deleted)
    {
        if (record.IsPermanent || record.MasterIfindex == 0 || record.MasterIfindex == record.Ifindex)
        {
            return null;
        }

        return deleted
            ? new LocalMacAged(record.MasterIfindex, record.Ifindex, record.Mac, record.Vlan)
            : new LocalMacLearned(record.MasterIfindex, record.Ifindex, record.Mac, record.Vlan, (record.State & NeighborStates.NoArp) != 0);
    }
}
