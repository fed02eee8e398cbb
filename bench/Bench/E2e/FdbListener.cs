using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Evpnd.Bench.E2e;

/// <summary>
/// An independent netlink listener in the DUT's namespace (the benchmark's own raw code, no evpnd):
/// a NETLINK_ROUTE socket bound to RTNLGRP_NEIGH with a large receive buffer (SO_RCVBUFFORCE),
/// drained by one thread with recvmmsg(2) (one notification per datagram: a 1M-MAC install is 2M+
/// of them). It keeps, per bench MAC, the destination of its VXLAN half (AF_BRIDGE RTM_NEWNEIGH /
/// RTM_DELNEIGH on the VXLAN device carrying NDA_DST and a non-zero MAC); bridge halves and
/// everything else are read and counted, nothing more. Flood entries (MAC 00:00:00:00:00:00 with a
/// destination) are counted per destination apart.
///
/// Waits are armed before the action they time and complete on the notification that makes the
/// condition true, stamped with the time the batch holding it was received. An overrun (ENOBUFS)
/// is counted and reported; the wait then confirms the missing MACs against the kernel with
/// RTM_GETNEIGH (an upper bound on the time, flagged as such).
/// </summary>
internal sealed unsafe class FdbListener : IDisposable
{
    private const int Slots = 1024;
    private const int SlotBytes = 512;
    private const ushort RTM_NEWNEIGH = 28;
    private const ushort RTM_DELNEIGH = 29;
    private const byte AF_BRIDGE = 7;
    private const ushort NDA_DST = 1;
    private const ushort NDA_LLADDR = 2;
    private const uint RTMGRP_NEIGH = 0x4;

    private readonly int _fd;
    private readonly RouteLayout _layout;
    private readonly int _vxlanIfindex;
    private readonly uint[] _dst;
    private readonly HashSet<uint> _flood = [];
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _reached = new();
    private readonly string _namespace;
    private volatile bool _stop;

    private int _remoteMacs;
    private int _targetCount = -1;
    private int _watchIndex = -1;
    private uint _watchDst;
    private long _reachedAt;
    private long _overruns;
    private long _overrunsAtArm;
    private long _messages;
    private long _vxlanHalves;
    private long _bridgeHalves;
    private long _truncated;
    private long _lastEventAt;

    public FdbListener(string networkNamespace, int vxlanIfindex, RouteLayout layout, int bufferBytes)
    {
        _namespace = networkNamespace;
        _vxlanIfindex = vxlanIfindex;
        _layout = layout;
        _dst = new uint[layout.Count];
        _fd = NamespaceThread.Run(networkNamespace, () => Open(bufferBytes));
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "fdb listener" };
        _thread.Start();
    }

    public int RemoteMacs => Volatile.Read(ref _remoteMacs);

    public int FloodEntries
    {
        get
        {
            lock (_flood)
            {
                return _flood.Count;
            }
        }
    }

    public long Overruns => Interlocked.Read(ref _overruns);

    /// <summary>Timestamp of the last FDB notification on the VXLAN device (Stopwatch ticks).</summary>
    public long LastEventAt => Interlocked.Read(ref _lastEventAt);

    public string Counters =>
        $"listener: {Interlocked.Read(ref _messages):N0} notifications ({Interlocked.Read(ref _vxlanHalves):N0} VXLAN halves, "
        + $"{Interlocked.Read(ref _bridgeHalves):N0} bridge halves), {Overruns} overrun(s) (ENOBUFS), {Interlocked.Read(ref _truncated)} truncated";

    public uint DstOf(int index) => Volatile.Read(ref _dst[index]);

    /// <summary>Arms a wait for the number of bench MACs with a VXLAN half to equal <paramref name="target"/>.</summary>
    public void ArmCount(int target)
    {
        _reached.Reset();
        _overrunsAtArm = Overruns;
        Volatile.Write(ref _watchIndex, -1);
        Volatile.Write(ref _targetCount, target);
        if (RemoteMacs == target && Volatile.Read(ref _targetCount) == target)
        {
            Complete(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Arms a wait for MAC <paramref name="index"/>'s VXLAN half to point at <paramref name="dst"/>.</summary>
    public void ArmMove(int index, uint dst)
    {
        _reached.Reset();
        _overrunsAtArm = Overruns;
        Volatile.Write(ref _targetCount, -1);
        Volatile.Write(ref _watchDst, dst);
        Volatile.Write(ref _watchIndex, index);
        if (DstOf(index) == dst)
        {
            Complete(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>
    /// Waits for the armed condition. Returns when it was seen (Stopwatch ticks) and whether the
    /// time is exact (false: an overrun lost notifications and the kernel was asked instead).
    /// </summary>
    public (long At, bool Exact) Wait(DateTime deadline, Func<string> describe, Action? check = null)
    {
        var lastCount = RemoteMacs;
        var stalled = 0;
        while (true)
        {
            if (_reached.Wait(TimeSpan.FromMilliseconds(250)))
            {
                return (Interlocked.Read(ref _reachedAt), true);
            }

            check?.Invoke();
            var count = RemoteMacs;
            stalled = count == lastCount ? stalled + 1 : 0;
            lastCount = count;
            if (Overruns > _overrunsAtArm && stalled >= 2 && ConfirmedByKernel())
            {
                return (Stopwatch.GetTimestamp(), false);
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{describe()}; the listener sees {count:N0} remote MACs and {FloodEntries} flood entries; {Counters}");
            }
        }
    }

    /// <summary>All bench MACs whose VXLAN half points elsewhere than <paramref name="expected"/> (0: absent).</summary>
    public int CountMismatches(Func<int, uint> expected)
    {
        var wrong = 0;
        for (var i = 0; i < _dst.Length; i++)
        {
            if (DstOf(i) != expected(i))
            {
                wrong++;
            }
        }

        return wrong;
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _ = E2eLibc.close(_fd);
        _reached.Dispose();
    }

    private static int Open(int bufferBytes)
    {
        var fd = E2eLibc.socket(E2eLibc.AF_NETLINK, E2eLibc.SOCK_RAW | E2eLibc.SOCK_CLOEXEC, E2eLibc.NETLINK_ROUTE);
        if (fd < 0)
        {
            throw new InvalidOperationException($"socket(AF_NETLINK) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        if (E2eLibc.setsockopt(fd, E2eLibc.SOL_SOCKET, E2eLibc.SO_RCVBUFFORCE, &bufferBytes, sizeof(int)) != 0)
        {
            throw new InvalidOperationException($"SO_RCVBUFFORCE {bufferBytes} failed: errno {Marshal.GetLastPInvokeError()} (needs CAP_NET_ADMIN)");
        }

        // A timeout lets the thread notice Dispose; with MSG_WAITFORONE it bounds only the wait for the first datagram.
        var timeout = new E2eLibc.TimeVal { Seconds = 0, Microseconds = 200_000 };
        _ = E2eLibc.setsockopt(fd, E2eLibc.SOL_SOCKET, E2eLibc.SO_RCVTIMEO, &timeout, sizeof(E2eLibc.TimeVal));
        // struct sockaddr_nl { family, pad, pid 0 (kernel assigns), groups }.
        var address = stackalloc byte[12];
        new Span<byte>(address, 12).Clear();
        address[0] = E2eLibc.AF_NETLINK;
        BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(address + 8, 4), RTMGRP_NEIGH);
        if (E2eLibc.bind(fd, address, 12) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = E2eLibc.close(fd);
            throw new InvalidOperationException($"bind(RTNLGRP_NEIGH) failed: errno {errno}");
        }

        return fd;
    }

    private void ReceiveLoop()
    {
        var buffer = (byte*)NativeMemory.Alloc(Slots * SlotBytes);
        var iovecs = (E2eLibc.IoVec*)NativeMemory.Alloc((nuint)(Slots * sizeof(E2eLibc.IoVec)));
        var headers = (E2eLibc.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(Slots * sizeof(E2eLibc.MMsgHdr)));
        try
        {
            for (var i = 0; i < Slots; i++)
            {
                iovecs[i].Base = buffer + i * SlotBytes;
                iovecs[i].Length = SlotBytes;
            }

            while (!_stop)
            {
                for (var i = 0; i < Slots; i++)
                {
                    headers[i].Header = default;
                    headers[i].Header.Iov = &iovecs[i];
                    headers[i].Header.IovLength = 1;
                }

                var received = E2eLibc.recvmmsg(_fd, headers, Slots, E2eLibc.MSG_WAITFORONE, null);
                if (received < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == E2eLibc.ENOBUFS)
                    {
                        Interlocked.Increment(ref _overruns);
                    }
                    else if (errno is not (E2eLibc.EAGAIN or E2eLibc.EINTR))
                    {
                        Console.Error.WriteLine($"  listener: recvmmsg failed: errno {errno}");
                        return;
                    }

                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                for (var i = 0; i < received; i++)
                {
                    if ((headers[i].Header.Flags & E2eLibc.MSG_TRUNC) != 0)
                    {
                        Interlocked.Increment(ref _truncated);
                    }

                    Parse(new ReadOnlySpan<byte>(buffer + i * SlotBytes, (int)Math.Min(headers[i].Length, SlotBytes)), now);
                }
            }
        }
        finally
        {
            NativeMemory.Free(headers);
            NativeMemory.Free(iovecs);
            NativeMemory.Free(buffer);
        }
    }

    /// <summary>
    /// struct nlmsghdr (16) + struct ndmsg (12: family, pad, pad, ifindex, state, flags, type) +
    /// NDA_* attributes (include/uapi/linux/neighbour.h).
    /// </summary>
    private void Parse(ReadOnlySpan<byte> datagram, long now)
    {
        while (datagram.Length >= 28)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            if (length < 16 || length > datagram.Length)
            {
                return;
            }

            var message = datagram[..length];
            datagram = datagram[Math.Min(datagram.Length, (length + 3) & ~3)..];
            Interlocked.Increment(ref _messages);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(message[4..]);
            if ((type != RTM_NEWNEIGH && type != RTM_DELNEIGH) || message.Length < 28 || message[16] != AF_BRIDGE
                || BinaryPrimitives.ReadInt32LittleEndian(message[20..]) != _vxlanIfindex)
            {
                continue;
            }

            ReadOnlySpan<byte> mac = default;
            uint dst = 0;
            var hasDst = false;
            var attributes = message[28..];
            while (attributes.Length >= 4)
            {
                var attributeLength = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
                if (attributeLength < 4 || attributeLength > attributes.Length)
                {
                    break;
                }

                var attributeType = BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & 0x3fff;
                var value = attributes[4..attributeLength];
                if (attributeType == NDA_LLADDR)
                {
                    mac = value;
                }
                else if (attributeType == NDA_DST && value.Length == 4)
                {
                    dst = BinaryPrimitives.ReadUInt32BigEndian(value);
                    hasDst = true;
                }

                attributes = attributes[Math.Min(attributes.Length, (attributeLength + 3) & ~3)..];
            }

            Interlocked.Exchange(ref _lastEventAt, now);
            if (!hasDst)
            {
                Interlocked.Increment(ref _bridgeHalves);
                continue;
            }

            Interlocked.Increment(ref _vxlanHalves);
            if (mac.Length == 6 && mac.IndexOfAnyExcept((byte)0) < 0)
            {
                lock (_flood)
                {
                    _ = type == RTM_NEWNEIGH ? _flood.Add(dst) : _flood.Remove(dst);
                }

                continue;
            }

            var index = _layout.IndexOf(mac);
            if (index < 0)
            {
                continue;
            }

            var before = _dst[index];
            if (type == RTM_NEWNEIGH)
            {
                Volatile.Write(ref _dst[index], dst);
                if (before == 0)
                {
                    Interlocked.Increment(ref _remoteMacs);
                }
            }
            else if (before != 0)
            {
                Volatile.Write(ref _dst[index], 0);
                Interlocked.Decrement(ref _remoteMacs);
            }

            if (_remoteMacs == Volatile.Read(ref _targetCount)
                || (index == Volatile.Read(ref _watchIndex) && type == RTM_NEWNEIGH && dst == Volatile.Read(ref _watchDst)))
            {
                Complete(now);
            }
        }
    }

    private void Complete(long at)
    {
        if (!_reached.IsSet)
        {
            Interlocked.Exchange(ref _reachedAt, at);
            Volatile.Write(ref _targetCount, -1);
            Volatile.Write(ref _watchIndex, -1);
            _reached.Set();
        }
    }

    /// <summary>
    /// After an overrun: asks the kernel (RTM_GETNEIGH per MAC) about every MAC whose state the
    /// listener may have missed; the condition holds when the kernel agrees with the target.
    /// </summary>
    private bool ConfirmedByKernel()
    {
        var target = Volatile.Read(ref _targetCount);
        var watch = Volatile.Read(ref _watchIndex);
        using var probe = new FdbProbe(_namespace, _vxlanIfindex);
        if (watch >= 0)
        {
            return probe.Get(watch) == Volatile.Read(ref _watchDst);
        }

        if (target < 0)
        {
            return false;
        }

        for (var i = 0; i < _dst.Length; i++)
        {
            var present = DstOf(i) != 0;
            // Target N: the ones not seen yet must be there. Target 0: the ones still seen must be gone.
            if (target == _dst.Length && !present && probe.Get(i) == 0)
            {
                return false;
            }

            if (target == 0 && present && probe.Get(i) != 0)
            {
                return false;
            }
        }

        return true;
    }
}
