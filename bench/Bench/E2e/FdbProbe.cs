using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Evpnd.Bench.E2e;

/// <summary>
/// Asks the kernel what the VXLAN device's FDB holds, on a request socket of its own in the DUT's
/// namespace (the benchmark's own code): RTM_GETNEIGH for one MAC (what `bridge fdb get` sends),
/// or one filtered dump of the device (rtnl_fdb_dump with an ifinfomsg selecting it).
/// </summary>
internal sealed unsafe class FdbProbe : IDisposable
{
    private const ushort NLMSG_ERROR = 2;
    private const ushort NLMSG_DONE = 3;
    private const ushort RTM_NEWNEIGH = 28;
    private const ushort RTM_GETNEIGH = 30;
    private const ushort NLM_F_REQUEST = 0x1;
    private const ushort NLM_F_DUMP = 0x300;
    private const byte AF_BRIDGE = 7;
    private const byte NTF_SELF = 0x02;
    private const byte NTF_MASTER = 0x04;
    private const ushort NDA_DST = 1;
    private const ushort NDA_LLADDR = 2;
    private const ushort NUD_PERMANENT = 0x80;
    private const int ENOENT = 2;

    private readonly int _fd;
    private readonly int _vxlanIfindex;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private uint _sequence = 0x20000000;

    public FdbProbe(string networkNamespace, int vxlanIfindex)
    {
        _vxlanIfindex = vxlanIfindex;
        _fd = NamespaceThread.Run(networkNamespace, () =>
        {
            var fd = E2eLibc.socket(E2eLibc.AF_NETLINK, E2eLibc.SOCK_RAW | E2eLibc.SOCK_CLOEXEC, E2eLibc.NETLINK_ROUTE);
            if (fd < 0)
            {
                throw new InvalidOperationException($"socket(AF_NETLINK) failed: errno {Marshal.GetLastPInvokeError()}");
            }

            var buffer = 8 * 1024 * 1024;
            _ = E2eLibc.setsockopt(fd, E2eLibc.SOL_SOCKET, E2eLibc.SO_RCVBUFFORCE, &buffer, sizeof(int));
            var address = stackalloc byte[12];
            new Span<byte>(address, 12).Clear();
            address[0] = E2eLibc.AF_NETLINK;
            if (E2eLibc.bind(fd, address, 12) != 0)
            {
                _ = E2eLibc.close(fd);
                throw new InvalidOperationException($"bind(AF_NETLINK) failed: errno {Marshal.GetLastPInvokeError()}");
            }

            return fd;
        });
    }

    /// <summary>The destination of the bench MAC's VXLAN half, 0 when the kernel has none.</summary>
    public uint Get(int index) => Get(index, NTF_SELF, out var dst) ? dst : 0;

    /// <summary>Whether the bench MAC has its bridge half (NTF_MASTER lookup through the VXLAN port).</summary>
    public bool HasBridgeHalf(int index) => Get(index, NTF_MASTER, out _);

    /// <summary>
    /// One dump of the device: per bench MAC the VXLAN half's destination (0: none), how many bridge
    /// halves, and the flood entries (MAC zero, permanent).
    /// </summary>
    public (uint[] Dst, int BridgeHalves, int FloodEntries) Dump(RouteLayout layout)
    {
        var dst = new uint[layout.Count];
        int bridge = 0, flood = 0;
        Span<byte> request = stackalloc byte[32];
        request.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(request, 32);
        BinaryPrimitives.WriteUInt16LittleEndian(request[4..], RTM_GETNEIGH);
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], NLM_F_REQUEST | NLM_F_DUMP);
        var sequence = ++_sequence;
        BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
        // struct ifinfomsg { family, pad, type, index, flags, change }: index selects the device.
        request[16] = AF_BRIDGE;
        BinaryPrimitives.WriteInt32LittleEndian(request[20..], _vxlanIfindex);
        Send(request);
        while (true)
        {
            var received = Receive();
            var offset = 0;
            while (offset + 16 <= received)
            {
                var message = _buffer.AsSpan(offset);
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(message);
                var type = BinaryPrimitives.ReadUInt16LittleEndian(message[4..]);
                offset += (length + 3) & ~3;
                if (BinaryPrimitives.ReadUInt32LittleEndian(message[8..]) != sequence)
                {
                    continue;
                }

                if (type is NLMSG_DONE or NLMSG_ERROR)
                {
                    return (dst, bridge, flood);
                }

                if (type != RTM_NEWNEIGH || BinaryPrimitives.ReadInt32LittleEndian(message[20..]) != _vxlanIfindex)
                {
                    continue;
                }

                var destination = Attributes(message[..length], out var mac, out var hasDst);
                var index = layout.IndexOf(mac);
                var permanent = (BinaryPrimitives.ReadUInt16LittleEndian(message[24..]) & NUD_PERMANENT) != 0;
                if (hasDst && mac.IndexOfAnyExcept((byte)0) < 0)
                {
                    flood++;
                }
                else if (index >= 0 && hasDst)
                {
                    dst[index] = destination;
                }
                else if (index >= 0 && !permanent)
                {
                    bridge++;
                }
            }
        }
    }

    public void Dispose() => _ = E2eLibc.close(_fd);

    private bool Get(int index, byte ntf, out uint dst)
    {
        dst = 0;
        Span<byte> request = stackalloc byte[40];
        request.Clear();
        var sequence = ++_sequence;
        BinaryPrimitives.WriteUInt32LittleEndian(request, 40);
        BinaryPrimitives.WriteUInt16LittleEndian(request[4..], RTM_GETNEIGH);
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], NLM_F_REQUEST);
        BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
        // struct ndmsg { family, pad, pad, ifindex, state, flags, type }, then NDA_LLADDR.
        request[16] = AF_BRIDGE;
        BinaryPrimitives.WriteInt32LittleEndian(request[20..], _vxlanIfindex);
        request[26] = ntf;
        BinaryPrimitives.WriteUInt16LittleEndian(request[28..], 10);
        BinaryPrimitives.WriteUInt16LittleEndian(request[30..], NDA_LLADDR);
        Kernel.BenchMacs.Write(index, request.Slice(32, 6));
        Send(request);
        while (true)
        {
            var received = Receive();
            var offset = 0;
            while (offset + 16 <= received)
            {
                var message = _buffer.AsSpan(offset);
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(message);
                var type = BinaryPrimitives.ReadUInt16LittleEndian(message[4..]);
                offset += (length + 3) & ~3;
                if (BinaryPrimitives.ReadUInt32LittleEndian(message[8..]) != sequence)
                {
                    continue;
                }

                if (type == RTM_NEWNEIGH)
                {
                    dst = Attributes(message[..length], out _, out _);
                    return true;
                }

                if (type == NLMSG_ERROR)
                {
                    var errno = -BinaryPrimitives.ReadInt32LittleEndian(message[16..]);
                    return errno == ENOENT || errno == 0 ? false : throw new InvalidOperationException($"RTM_GETNEIGH failed: errno {errno}");
                }
            }
        }
    }

    /// <summary>NDA_LLADDR and NDA_DST of a neighbour message; returns the destination (0: none).</summary>
    private static uint Attributes(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> mac, out bool hasDst)
    {
        mac = default;
        uint dst = 0;
        hasDst = false;
        var attributes = message[Math.Min(message.Length, 28)..];
        while (attributes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            if (length < 4 || length > attributes.Length)
            {
                break;
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & 0x3fff;
            if (type == NDA_LLADDR)
            {
                mac = attributes[4..length];
            }
            else if (type == NDA_DST && length == 8)
            {
                dst = BinaryPrimitives.ReadUInt32BigEndian(attributes[4..]);
                hasDst = true;
            }

            attributes = attributes[Math.Min(attributes.Length, (length + 3) & ~3)..];
        }

        return dst;
    }

    private void Send(ReadOnlySpan<byte> request)
    {
        fixed (byte* p = request)
        {
            while (E2eLibc.send(_fd, p, request.Length, 0) < 0)
            {
                if (Marshal.GetLastPInvokeError() != E2eLibc.EINTR)
                {
                    throw new InvalidOperationException($"send(AF_NETLINK) failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }
        }
    }

    private int Receive()
    {
        fixed (byte* p = _buffer)
        {
            while (true)
            {
                var n = E2eLibc.recv(_fd, p, _buffer.Length, 0);
                if (n >= 0)
                {
                    return (int)n;
                }

                if (Marshal.GetLastPInvokeError() != E2eLibc.EINTR)
                {
                    throw new InvalidOperationException($"recv(AF_NETLINK) failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }
        }
    }
}
