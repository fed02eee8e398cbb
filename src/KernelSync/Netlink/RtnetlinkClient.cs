using static Evpnd.KernelSync.Interop.Interop.Libc;
using static Evpnd.KernelSync.Interop.Interop.Netlink;
using static Evpnd.KernelSync.Interop.Interop.Rtnetlink;

namespace Evpnd.KernelSync.Netlink;

/// <summary>
/// Requests to the kernel's routing netlink: link discovery, FDB and neighbour programming,
/// dumps. Each change is sent with NLM_F_REQUEST|NLM_F_ACK and waits for its ACK (errno 0);
/// replies are matched by sequence number and port id. Not thread-safe: it is owned by the one
/// KernelSync worker, as netlink(7) sockets are best owned by one reader.
/// </summary>
/// <remarks>
/// The calls block, but only briefly: the kernel handles a request inside sendmsg and the ACK
/// is already queued when send returns.
/// </remarks>
public sealed class RtnetlinkClient : IDisposable
{
    private const int ReceiveBufferLength = 64 * 1024;
    private const int RequestSocketBuffer = 4 * 1024 * 1024;
    private const int DumpAttempts = 4;

    private readonly INetlinkTransport _socket;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferLength];
    private uint _sequence;

    internal RtnetlinkClient(INetlinkTransport socket)
    {
        _socket = socket;
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>The netlink port id of the request socket.</summary>
    public uint PortId => _socket.PortId;

    /// <summary>Opens a client in the calling thread's (the process's) network namespace.</summary>
    public static RtnetlinkClient Open()
    {
        var socket = NetlinkSocket.Open(RequestSocketBuffer);
        // A lost reply must not hang the worker for ever.
        socket.ReceiveTimeout = TimeSpan.FromSeconds(10);
        return new RtnetlinkClient(socket);
    }

    /// <summary>Opens a client bound to the named namespace (tests, the lab).</summary>
    public static RtnetlinkClient OpenInNamespace(string networkNamespace) =>
        NetworkNamespace.Run(networkNamespace, Open);

    public IReadOnlyList<LinkRecord> DumpLinks() =>
        Dump<LinkRecord>(
            "RTM_GETLINK dump",
            static (ref NetlinkMessageWriter w, uint seq) => LinkMessages.WriteDumpRequest(ref w, seq),
            static (in NetlinkMessage m, out LinkRecord r) =>
            {
                if (m.Type != RTM_NEWLINK || LinkMessages.IsBridgePortMessage(m))
                {
                    r = null!;
                    return false;
                }

                r = LinkMessages.Parse(m);
                return true;
            });

    /// <summary>
    /// Dumps the bridge/VXLAN FDB, optionally only one device's (a VXLAN device or a bridge
    /// port) and/or one bridge's entries.
    /// </summary>
    public IReadOnlyList<FdbRecord> DumpFdb(int deviceIfindex = 0, int bridgeIfindex = 0)
    {
        var records = Dump<FdbRecord>(
            "RTM_GETNEIGH AF_BRIDGE dump",
            (ref NetlinkMessageWriter w, uint seq) => FdbMessages.WriteDumpRequest(ref w, seq, deviceIfindex, bridgeIfindex),
            static (in NetlinkMessage m, out FdbRecord r) =>
            {
                if (m.Type != RTM_NEWNEIGH || !FdbMessages.IsBridgeFamily(m))
                {
                    r = null!;
                    return false;
                }

                r = FdbMessages.Parse(m);
                return true;
            });
        return deviceIfindex == 0 ? records : records.Where(r => r.Ifindex == deviceIfindex).ToList();
    }

    /// <summary>
    /// One half of a remote MAC as the kernel holds it, or null when it holds none: a lookup by
    /// key, which costs the same whatever the size of the table (a dump of a large FDB does not).
    /// </summary>
    public FdbRecord? GetFdb(in RemoteMacKey key, bool bridgeHalf)
    {
        Span<byte> request = stackalloc byte[128];
        var writer = new NetlinkMessageWriter(request);
        var sequence = NextSequence();
        FdbMessages.WriteGetRequest(ref writer, sequence, key, bridgeHalf);
        _socket.Send(writer.Written);
        while (true)
        {
            var length = _socket.Receive(_receiveBuffer);
            var reader = new NetlinkMessageReader(_receiveBuffer.AsSpan(0, length));
            while (reader.TryRead(out var message))
            {
                if (message.PortId != PortId || message.Sequence != sequence)
                {
                    continue;
                }

                if (message.Type == RTM_NEWNEIGH && FdbMessages.IsBridgeFamily(message))
                {
                    return FdbMessages.Parse(message);
                }

                if (message.Type == NLMSG_ERROR)
                {
                    var errno = message.ReadError(out var extendedAck);
                    return errno is 0 or ENOENT ? null : throw new NetlinkException("RTM_GETNEIGH AF_BRIDGE", errno, extendedAck);
                }
            }
        }
    }

    /// <summary>Dumps IPv4 and IPv6 neighbours, optionally of one device only.</summary>
    public IReadOnlyList<NeighborRecord> DumpNeighbors(int ifindex = 0)
    {
        var all = new List<NeighborRecord>();
        foreach (var family in new[] { (byte)AF_INET, (byte)AF_INET6 })
        {
            all.AddRange(Dump<NeighborRecord>(
                "RTM_GETNEIGH dump",
                (ref NetlinkMessageWriter w, uint seq) => NeighborMessages.WriteDumpRequest(ref w, seq, family, ifindex),
                static (in NetlinkMessage m, out NeighborRecord r) =>
                {
                    r = null!;
                    if (m.Type != RTM_NEWNEIGH || !NeighborMessages.IsInetFamily(m))
                    {
                        return false;
                    }

                    var parsed = NeighborMessages.Parse(m);
                    r = parsed!;
                    return parsed is not null;
                }));
        }

        return ifindex == 0 ? all : all.Where(r => r.Ifindex == ifindex).ToList();
    }

    public void AddFloodEntry(in FloodEntry entry)
    {
        var copy = entry;
        Execute("add flood entry", (ref NetlinkMessageWriter w, uint seq) => FdbMessages.WriteFloodEntry(ref w, seq, copy, delete: false));
    }

    /// <summary>Removes one VTEP from the flood list; false when it was not there.</summary>
    public bool DeleteFloodEntry(in FloodEntry entry)
    {
        var copy = entry;
        return ExecuteDelete("delete flood entry", (ref NetlinkMessageWriter w, uint seq) => FdbMessages.WriteFloodEntry(ref w, seq, copy, delete: true));
    }

    public void ReplaceRemoteMac(in RemoteMacEntry entry)
    {
        var copy = entry;
        Execute("replace remote MAC", (ref NetlinkMessageWriter w, uint seq) => FdbMessages.WriteRemoteMac(ref w, seq, copy, delete: false));
    }

    /// <summary>
    /// Removes a remote MAC from the bridge and the VXLAN device. The kernel stops at the bridge
    /// when the bridge half is already gone, so the VXLAN half is then removed on its own.
    /// False when neither existed.
    /// </summary>
    public bool DeleteRemoteMac(in RemoteMacEntry entry)
    {
        var copy = entry;
        if (ExecuteDelete("delete remote MAC", (ref NetlinkMessageWriter w, uint seq) => FdbMessages.WriteRemoteMac(ref w, seq, copy, delete: true)))
        {
            return true;
        }

        return ExecuteDelete("delete remote MAC (VXLAN)", (ref NetlinkMessageWriter w, uint seq) => FdbMessages.WriteRemoteMac(ref w, seq, copy, delete: true, selfOnly: true));
    }

    public void ReplaceNeighbor(in NeighborEntry entry)
    {
        var copy = entry;
        Execute("replace neighbour", (ref NetlinkMessageWriter w, uint seq) => NeighborMessages.WriteNeighbor(ref w, seq, copy, delete: false));
    }

    public bool DeleteNeighbor(in NeighborEntry entry)
    {
        var copy = entry;
        return ExecuteDelete("delete neighbour", (ref NetlinkMessageWriter w, uint seq) => NeighborMessages.WriteNeighbor(ref w, seq, copy, delete: true));
    }

    /// <summary>A pipelined writer: many requests per send, ACKs matched afterwards.</summary>
    public FdbBatch CreateBatch(int requestsPerSend = FdbBatch.DefaultRequestsPerSend) => new(this, requestsPerSend);

    public void Dispose() => _socket.Dispose();

    internal uint NextSequence()
    {
        // Wraps through 0 as well, so that the requests of one batch stay consecutive.
        return ++_sequence;
    }

    internal void Send(ReadOnlySpan<byte> datagram) => _socket.Send(datagram);

    /// <summary>
    /// Receives replies until the one to <paramref name="last"/> (which must ask for an ACK) has
    /// been read; <paramref name="onReply"/> sees it and every reply before it. Messages for another port id or outside [<paramref name="first"/>, <paramref name="last"/>]
    /// are left aside: late replies of an earlier, abandoned request.
    /// </summary>
    internal void ReceiveAcks(uint first, uint last, AckHandler onReply)
    {
        // The kernel answers in order: the reply to the last request is the last one. Requests
        // before it that did not ask for an ACK are answered only when they fail.
        var answered = false;
        while (!answered)
        {
            var length = _socket.Receive(_receiveBuffer);
            var reader = new NetlinkMessageReader(_receiveBuffer.AsSpan(0, length));
            while (reader.TryRead(out var message))
            {
                if (message.PortId != PortId || message.Type != NLMSG_ERROR || message.Sequence - first > last - first)
                {
                    continue;
                }

                var errno = message.ReadError(out var extendedAck);
                onReply(message.Sequence, errno, extendedAck);
                answered |= message.Sequence == last;
            }
        }
    }

    private void Execute(string operation, RequestBuilder build)
    {
        var errno = Request(build, out var extendedAck);
        if (errno != 0)
        {
            throw new NetlinkException(operation, errno, extendedAck);
        }
    }

    private bool ExecuteDelete(string operation, RequestBuilder build)
    {
        var errno = Request(build, out var extendedAck);
        return errno switch
        {
            0 => true,
            ENOENT => false,
            _ => throw new NetlinkException(operation, errno, extendedAck),
        };
    }

    private int Request(RequestBuilder build, out string? extendedAck)
    {
        Span<byte> buffer = stackalloc byte[512];
        var writer = new NetlinkMessageWriter(buffer);
        var sequence = NextSequence();
        build(ref writer, sequence);
        _socket.Send(writer.Written);
        var result = 0;
        string? text = null;
        ReceiveAcks(sequence, sequence, (_, errno, ack) =>
        {
            result = errno;
            text = ack;
        });
        extendedAck = text;
        return result;
    }

    /// <summary>
    /// Runs a dump to NLMSG_DONE. A reply flagged NLM_F_DUMP_INTR means the table changed while
    /// the kernel walked it (netlink(7)): the dump is repeated, and reported if it never settles.
    /// </summary>
    private List<T> Dump<T>(string operation, RequestBuilder build, MessageParser<T> parse)
    {
        Span<byte> request = stackalloc byte[256];
        for (var attempt = 1; attempt <= DumpAttempts; attempt++)
        {
            var records = new List<T>();
            var interrupted = false;
            var writer = new NetlinkMessageWriter(request);
            var sequence = NextSequence();
            build(ref writer, sequence);
            _socket.Send(writer.Written);
            var done = false;
            while (!done)
            {
                var length = _socket.Receive(_receiveBuffer);
                var reader = new NetlinkMessageReader(_receiveBuffer.AsSpan(0, length));
                while (reader.TryRead(out var message))
                {
                    if (message.PortId != PortId || message.Sequence != sequence)
                    {
                        continue;
                    }

                    if ((message.Flags & NLM_F_DUMP_INTR) != 0)
                    {
                        interrupted = true;
                    }

                    if (message.Type is NLMSG_DONE or NLMSG_ERROR)
                    {
                        string? extendedAck = null;
                        var errno = message.Payload.Length >= 4 ? message.ReadError(out extendedAck) : 0;
                        if (errno != 0)
                        {
                            throw new NetlinkException(operation, errno, extendedAck);
                        }

                        done = true;
                        break;
                    }

                    if (parse(message, out var record))
                    {
                        records.Add(record);
                    }
                }
            }

            if (!interrupted)
            {
                return records;
            }
        }

        throw new NetlinkDumpInterruptedException(operation, DumpAttempts);
    }
}
