using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// The RIB worker's inbox for one peer: the UPDATEs and ROUTE-REFRESHes its read loop hands over,
/// in order, bounded by bytes, and a few control signals. The read loop waits only when this
/// inbox is full; another peer's backlog never makes it wait (the old single shared channel did).
/// </summary>
/// <remarks>
/// <para>
/// One producer (the session's read loop) and one consumer (the worker) share a ring of bytes,
/// which holds the frames back to back, and a ring of records that say where each is. Each side
/// owns its own counters and publishes them with volatile writes; nothing is locked and nothing
/// is allocated per message. A frame that does not fit before the end of the ring starts again
/// at its beginning; its record reserves the skipped end too. With the ring at least twice the
/// largest message, any frame fits once the ring is half empty, which is when a waiting producer
/// is woken.
/// </para>
/// <para>
/// Control signals (up, down, XON, a stale timer) come from other threads, a handful per
/// session: they go through a concurrent queue and are handled before the records of a turn.
/// </para>
/// </remarks>
internal sealed class PeerInbox : RibInbox, IValueTaskSource
{
    private readonly ConcurrentQueue<RibControl> _control = new();
    private readonly byte[] _data;
    private readonly InboundRecord[] _records;
    private long _bytesWritten;   // producer
    private long _bytesReleased;  // consumer
    private long _recordsWritten; // producer
    private long _recordsReleased; // consumer
    private volatile bool _closed;
    private int _waiting;
    private ManualResetValueTaskSourceCore<bool> _room = new() { RunContinuationsAsynchronously = true };

    public PeerInbox(ChannelWriter<RibInbox> ready, IRibPeer peer, int capacityBytes, int capacityRecords)
        : base(ready)
    {
        if (capacityBytes < 2 * BgpHeader.MaxExtendedMessageLength + 2)
        {
            throw new ArgumentOutOfRangeException(nameof(capacityBytes), "An inbox holds at least two of the largest messages.");
        }
        Peer = peer;
        _data = new byte[capacityBytes];
        _records = new InboundRecord[capacityRecords];
    }

    public IRibPeer Peer { get; }

    /// <summary>The worker's state of the peer, from its Up until its Down. Worker thread only.</summary>
    public RibPeerState? State { get; set; }

    public override bool HasWork => !_control.IsEmpty || Volatile.Read(ref _recordsWritten) != _recordsReleased;

    /// <summary>Bytes of messages waiting, for tests and statistics.</summary>
    public long QueuedBytes => Volatile.Read(ref _bytesWritten) - Volatile.Read(ref _bytesReleased);

    // --- producer: the session's read loop ---

    /// <summary>Copies an UPDATE into the inbox; waits only while this inbox is full.</summary>
    public ValueTask PostUpdateAsync(ReadOnlyMemory<byte> frame, in UpdateValidation validation, CancellationToken cancellationToken)
    {
        var record = new InboundRecord
        {
            Kind = InboundKind.Update,
            Action = validation.Action,
            Discarded = validation.Discarded,
            Reason = validation.Reason,
            ReceivedAt = System.Diagnostics.Stopwatch.GetTimestamp(),
        };
        return TryWrite(frame.Span, record) || _closed ? default : PostSlowAsync(frame, record, cancellationToken);
    }

    /// <summary>Queues a ROUTE-REFRESH behind the UPDATEs before it (BoRR and EoRR delimit them, RFC 7313 s4).</summary>
    public ValueTask PostRouteRefreshAsync(RouteRefreshMessage message, CancellationToken cancellationToken)
    {
        var record = new InboundRecord { Kind = InboundKind.RouteRefresh, Family = message.Family, Subtype = message.Subtype };
        return TryWrite(default, record) || _closed ? default : PostSlowAsync(default, record, cancellationToken);
    }

    private bool TryWrite(ReadOnlySpan<byte> frame, InboundRecord record)
    {
        if (_closed)
        {
            return false;
        }
        long recordsWritten = _recordsWritten;
        if (recordsWritten - Volatile.Read(ref _recordsReleased) >= _records.Length)
        {
            return false;
        }
        int capacity = _data.Length;
        int at = (int)(_bytesWritten % capacity);
        int skip = frame.Length > 0 && at + frame.Length > capacity ? capacity - at : 0;
        long free = capacity - (_bytesWritten - Volatile.Read(ref _bytesReleased));
        if (skip + frame.Length > free)
        {
            return false;
        }
        int offset = skip > 0 ? 0 : at;
        frame.CopyTo(_data.AsSpan(offset));
        _records[recordsWritten % _records.Length] = record with { Offset = offset, Length = frame.Length, Reserved = skip + frame.Length };
        _bytesWritten += skip + frame.Length;
        Volatile.Write(ref _recordsWritten, recordsWritten + 1);
        Schedule();
        return true;
    }

    private async ValueTask PostSlowAsync(ReadOnlyMemory<byte> frame, InboundRecord record, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.UnsafeRegister(static state => ((PeerInbox)state!).WakeProducer(), this);
        while (!_closed && !cancellationToken.IsCancellationRequested)
        {
            await WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
            if (TryWrite(frame.Span, record))
            {
                return;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        _room.Reset();
        Interlocked.Exchange(ref _waiting, 1);
        // The consumer may have made room (or the inbox closed) before it could see the flag.
        if ((_closed || cancellationToken.IsCancellationRequested || HalfEmpty()) && Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            return default;
        }
        return new ValueTask(this, _room.Version);
    }

    private bool HalfEmpty() =>
        Volatile.Read(ref _bytesWritten) - Volatile.Read(ref _bytesReleased) <= _data.Length / 2 &&
        Volatile.Read(ref _recordsWritten) - Volatile.Read(ref _recordsReleased) <= _records.Length / 2;

    private void WakeProducer()
    {
        if (Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            _room.SetResult(true);
        }
    }

    // --- any thread ---

    public void PostControl(RibControl control)
    {
        _control.Enqueue(control);
        Schedule();
    }

    /// <summary>No more messages are taken: the producer is woken and later posts are dropped.</summary>
    public void CloseProducer()
    {
        _closed = true;
        WakeProducer();
    }

    // --- consumer: the worker ---

    public bool TryTakeControl(out RibControl control) => _control.TryDequeue(out control);

    public bool TryPeek(out InboundRecord record)
    {
        long next = _recordsReleased;
        if (next == Volatile.Read(ref _recordsWritten))
        {
            record = default;
            return false;
        }
        record = _records[next % _records.Length];
        return true;
    }

    public ReadOnlySpan<byte> Data(in InboundRecord record) => _data.AsSpan(record.Offset, record.Length);

    /// <summary>The record is handled: its bytes may be reused.</summary>
    public void Release(in InboundRecord record)
    {
        _records[_recordsReleased % _records.Length] = default;
        Volatile.Write(ref _bytesReleased, _bytesReleased + record.Reserved);
        // A full fence between publishing the room and reading the producer's flag (the producer
        // fences between setting its flag and reading the room): one of the two sees the other.
        Interlocked.Exchange(ref _recordsReleased, _recordsReleased + 1);
        if (Volatile.Read(ref _waiting) == 1 && HalfEmpty())
        {
            WakeProducer();
        }
    }

    /// <summary>Drops every record (the peer went down).</summary>
    public void DiscardAll()
    {
        while (TryPeek(out var record))
        {
            Release(record);
        }
    }

    // --- IValueTaskSource: the producer's wait for room ---

    void IValueTaskSource.GetResult(short token) => _room.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _room.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _room.OnCompleted(continuation, state, token, flags);
}
