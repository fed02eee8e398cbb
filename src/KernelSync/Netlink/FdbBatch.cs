using System.Buffers;
using System.Buffers.Binary;
using static Evpnd.KernelSync.Interop.Interop.Libc;
using static Evpnd.KernelSync.Interop.Interop.Netlink;

namespace Evpnd.KernelSync.Netlink;

/// <summary>
/// Pipelined programming: requests are packed into one datagram (32 per send by default) and
/// the ACKs matched to them afterwards by sequence number, so 100,000 remote MACs take about
/// 3,000 sends rather than 100,000 round trips. The kernel handles every message of a datagram
/// even when one fails, so a failure is recorded and the rest go on.
/// </summary>
/// <remarks>
/// Only the last message of a datagram asks for an ACK (NLM_F_ACK): the kernel answers a failed
/// request whatever its flags (netlink_rcv_skb acks when NLM_F_ACK is set or the handler
/// failed) and handles the messages in order, so once the last one's ACK is read every earlier
/// message without an error reply has succeeded. One reply per datagram instead of one per
/// request: 32 times fewer copies of the request into ACKs, and fewer receives.
/// </remarks>
public sealed class FdbBatch : IDisposable
{
    public const int DefaultRequestsPerSend = 32;

    /// <summary>nlmsghdr: u32 len, u16 type, u16 flags (here), u32 seq, u32 pid.</summary>
    private const int NlmsgFlagsOffset = 6;

    private readonly RtnetlinkClient _client;
    private readonly int _requestsPerSend;
    private readonly byte[] _buffer;
    private readonly PendingBatchRequest[] _pending;
    private readonly List<BatchFailure> _failures = [];
    private readonly List<(int Index, RemoteMacEntry Entry)> _vxlanOnlyDeletes = [];
    private readonly AckHandler _onAck;
    private int _length;
    private int _lastStart;
    private int _pendingCount;
    private uint _firstSequence;
    private int _nextIndex;

    internal FdbBatch(RtnetlinkClient client, int requestsPerSend)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerSend, 1);
        _client = client;
        _requestsPerSend = requestsPerSend;
        _buffer = ArrayPool<byte>.Shared.Rent(requestsPerSend * FdbMessages.MaxRequestLength);
        _pending = new PendingBatchRequest[requestsPerSend];
        _onAck = OnAck;
    }

    /// <summary>Called before each datagram is sent (back-pressure from a listener of our echoes).</summary>
    public Action? BeforeSend { get; set; }

    /// <summary>Requests added so far.</summary>
    public int Count => _nextIndex;

    /// <summary>Datagrams sent so far.</summary>
    public int Sends { get; private set; }

    /// <summary>Requests the kernel refused (a delete of an absent entry is not a failure).</summary>
    public IReadOnlyList<BatchFailure> Failures => _failures;

    public void AddFloodEntry(in FloodEntry entry)
    {
        var writer = Reserve(BatchRequestKind.AddFlood, default, out var sequence);
        FdbMessages.WriteFloodEntry(ref writer, sequence, entry, delete: false);
        Commit(writer.Length);
    }

    public void DeleteFloodEntry(in FloodEntry entry)
    {
        var writer = Reserve(BatchRequestKind.DeleteFlood, default, out var sequence);
        FdbMessages.WriteFloodEntry(ref writer, sequence, entry, delete: true);
        Commit(writer.Length);
    }

    public void ReplaceRemoteMac(in RemoteMacEntry entry)
    {
        var writer = Reserve(BatchRequestKind.ReplaceRemoteMac, default, out var sequence);
        FdbMessages.WriteRemoteMac(ref writer, sequence, entry, delete: false);
        Commit(writer.Length);
    }

    public void DeleteRemoteMac(in RemoteMacEntry entry)
    {
        var writer = Reserve(BatchRequestKind.DeleteRemoteMac, entry, out var sequence);
        FdbMessages.WriteRemoteMac(ref writer, sequence, entry, delete: true);
        Commit(writer.Length);
    }

    public void ReplaceNeighbor(in NeighborEntry entry)
    {
        var writer = Reserve(BatchRequestKind.ReplaceNeighbor, default, out var sequence);
        NeighborMessages.WriteNeighbor(ref writer, sequence, entry, delete: false);
        Commit(writer.Length);
    }

    public void DeleteNeighbor(in NeighborEntry entry)
    {
        var writer = Reserve(BatchRequestKind.DeleteNeighbor, default, out var sequence);
        NeighborMessages.WriteNeighbor(ref writer, sequence, entry, delete: true);
        Commit(writer.Length);
    }

    /// <summary>Sends what is queued and waits for every ACK.</summary>
    public IReadOnlyList<BatchFailure> Flush()
    {
        while (_pendingCount > 0 || _vxlanOnlyDeletes.Count > 0)
        {
            SendPending();
        }

        return _failures;
    }

    /// <summary>Returns the buffer; requests not yet flushed are dropped.</summary>
    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    private NetlinkMessageWriter Reserve(BatchRequestKind kind, RemoteMacEntry entry, out uint sequence, int? index = null)
    {
        // A loop: sending may queue follow-up deletes that fill the datagram again.
        while (_pendingCount == _requestsPerSend || _buffer.Length - _length < FdbMessages.MaxRequestLength)
        {
            SendPending();
        }

        sequence = _client.NextSequence();
        if (_pendingCount == 0)
        {
            _firstSequence = sequence;
        }

        _pending[_pendingCount] = new PendingBatchRequest(index ?? _nextIndex++, kind, entry);
        return new NetlinkMessageWriter(_buffer.AsSpan(_length, FdbMessages.MaxRequestLength));
    }

    private void Commit(int length)
    {
        // Unacknowledged unless it turns out to be the datagram's last (SendPending).
        var flags = _buffer.AsSpan(_length + NlmsgFlagsOffset, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(flags) & ~NLM_F_ACK));
        _lastStart = _length;
        _length += length;
        _pendingCount++;
    }

    private void SendPending()
    {
        if (_pendingCount > 0)
        {
            BeforeSend?.Invoke();
            var lastFlags = _buffer.AsSpan(_lastStart + NlmsgFlagsOffset, 2);
            BinaryPrimitives.WriteUInt16LittleEndian(lastFlags, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(lastFlags) | NLM_F_ACK));
            _client.Send(_buffer.AsSpan(0, _length));
            Sends++;
            var count = _pendingCount;
            _pendingCount = 0;
            _length = 0;
            _client.ReceiveAcks(_firstSequence, _firstSequence + (uint)count - 1, _onAck);
        }

        if (_vxlanOnlyDeletes.Count > 0)
        {
            var retries = _vxlanOnlyDeletes.ToArray();
            _vxlanOnlyDeletes.Clear();
            foreach (var (index, entry) in retries)
            {
                // Same index as the caller's delete: to the caller it is one request.
                var writer = Reserve(BatchRequestKind.DeleteRemoteMacVxlanOnly, entry, out var sequence, index);
                FdbMessages.WriteRemoteMac(ref writer, sequence, entry, delete: true, selfOnly: true);
                Commit(writer.Length);
            }
        }
    }

    private void OnAck(uint sequence, int errno, string? extendedAck)
    {
        if (errno == 0)
        {
            return;
        }

        var request = _pending[(int)(sequence - _firstSequence)];
        if (errno == ENOENT)
        {
            switch (request.Kind)
            {
                case BatchRequestKind.DeleteRemoteMac:
                    // rtnl_fdb_del stops after the bridge when the bridge half is gone: remove
                    // the VXLAN half on its own.
                    _vxlanOnlyDeletes.Add((request.Index, request.Entry));
                    return;
                case BatchRequestKind.DeleteFlood or BatchRequestKind.DeleteNeighbor or BatchRequestKind.DeleteRemoteMacVxlanOnly:
                    return;
            }
        }

        _failures.Add(new BatchFailure(request.Index, Describe(request.Kind), errno, extendedAck));
    }

    private static string Describe(BatchRequestKind kind) => kind switch
    {
        BatchRequestKind.AddFlood => "add flood entry",
        BatchRequestKind.DeleteFlood => "delete flood entry",
        BatchRequestKind.ReplaceRemoteMac => "replace remote MAC",
        BatchRequestKind.DeleteRemoteMac or BatchRequestKind.DeleteRemoteMacVxlanOnly => "delete remote MAC",
        BatchRequestKind.ReplaceNeighbor => "replace neighbour",
        _ => "delete neighbour",
    };
}
