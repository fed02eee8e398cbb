using System.Buffers.Binary;
using System.Diagnostics;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// Checks what a writer left in the kernel. A full dump of the VXLAN device's FDB (both halves
/// of every MAC) is exact but slow past a few hundred thousand entries on this kernel, so large
/// runs check a sample with RTM_GETNEIGH per MAC instead (what `bridge fdb get` sends), once
/// against the VXLAN device (NTF_SELF) and once against the bridge (NTF_MASTER).
/// </summary>
internal sealed class FdbVerifier
{
    private readonly byte[] _buffer = new byte[256 * 1024];
    private readonly byte[] _request = new byte[64];
    private uint _sequence = 0x10000000;

    /// <summary>Counts the non-permanent entries of the device with one RTM_GETNEIGH dump.</summary>
    public FdbCount Dump(VxlanDevice device)
    {
        var watch = Stopwatch.StartNew();
        using var socket = RawNetlinkSocket.Open(device.Namespace);
        // A 16-byte ifinfomsg instead of ndmsg selects the filtering FDB dump (rtnl_fdb_dump):
        // ifi_index limits it to one device.
        var request = _request.AsSpan();
        request[..32].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(request, 32);
        BinaryPrimitives.WriteUInt16LittleEndian(request[4..], Rtnl.RTM_GETNEIGH);
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP);
        var sequence = ++_sequence;
        BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
        request[16] = Rtnl.AF_BRIDGE;
        BinaryPrimitives.WriteInt32LittleEndian(request[20..], device.VxlanIfindex);
        socket.Send(request[..32]);
        int vxlan = 0, bridge = 0, extern_ = 0;
        var done = false;
        while (!done)
        {
            var received = socket.Receive(_buffer);
            var offset = 0;
            while (offset + RawMessage.HeaderLength <= received)
            {
                var message = _buffer.AsSpan(offset);
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(message);
                var type = BinaryPrimitives.ReadUInt16LittleEndian(message[4..]);
                offset += (length + 3) & ~3;
                if (BinaryPrimitives.ReadUInt32LittleEndian(message[8..]) != sequence)
                {
                    continue;
                }

                if (type is Rtnl.NLMSG_DONE or Rtnl.NLMSG_ERROR)
                {
                    done = true;
                    break;
                }

                if (type != Rtnl.RTM_NEWNEIGH || BinaryPrimitives.ReadInt32LittleEndian(message[20..]) != device.VxlanIfindex)
                {
                    continue;
                }

                var state = BinaryPrimitives.ReadUInt16LittleEndian(message[24..]);
                var flags = message[26];
                if ((state & Rtnl.NUD_PERMANENT) != 0)
                {
                    continue;
                }

                Count(flags, ref vxlan, ref bridge, ref extern_);
            }
        }

        return new FdbCount("full dump", Math.Max(vxlan, bridge), vxlan, bridge, extern_, watch.Elapsed);
    }

    /// <summary>Looks up <paramref name="samples"/> MACs spread over [0, count), first and last included.</summary>
    public FdbCount Sample(VxlanDevice device, int count, int samples)
    {
        var watch = Stopwatch.StartNew();
        using var socket = RawNetlinkSocket.Open(device.Namespace);
        samples = Math.Min(samples, count);
        int vxlan = 0, bridge = 0, extern_ = 0;
        Span<byte> mac = stackalloc byte[6];
        for (var s = 0; s < samples; s++)
        {
            var index = samples == 1 ? 0 : (int)((long)s * (count - 1) / (samples - 1));
            BenchMacs.Write(index, mac);
            if (Get(socket, device, mac, Rtnl.NTF_SELF, out var selfFlags))
            {
                Count(selfFlags, ref vxlan, ref bridge, ref extern_);
            }

            if (Get(socket, device, mac, Rtnl.NTF_MASTER, out var masterFlags))
            {
                Count(masterFlags, ref vxlan, ref bridge, ref extern_);
            }
        }

        return new FdbCount($"sample of {samples:N0} (RTM_GETNEIGH)", samples, vxlan, bridge, extern_, watch.Elapsed);
    }

    /// <summary>
    /// A dump or get reply sets NTF_SELF on a device's own (VXLAN) entry; a bridge entry carries
    /// no NTF_MASTER flag, only its NDA_MASTER attribute.
    /// </summary>
    private static void Count(byte flags, ref int vxlan, ref int bridge, ref int externLearned)
    {
        if ((flags & Rtnl.NTF_SELF) != 0)
        {
            vxlan++;
        }
        else
        {
            bridge++;
        }

        if ((flags & Rtnl.NTF_EXT_LEARNED) != 0)
        {
            externLearned++;
        }
    }

    private bool Get(RawNetlinkSocket socket, VxlanDevice device, ReadOnlySpan<byte> mac, byte ntf, out byte flags)
    {
        flags = 0;
        var request = _request.AsSpan();
        var sequence = ++_sequence;
        var end = RawMessage.Begin(request, Rtnl.RTM_GETNEIGH, Rtnl.NLM_F_REQUEST, sequence, device.VxlanIfindex, 0, ntf);
        end = RawMessage.Attribute(request, end, Rtnl.NDA_LLADDR, mac);
        socket.Send(request[..RawMessage.Finish(request, end)]);
        while (true)
        {
            var received = socket.Receive(_buffer);
            var offset = 0;
            while (offset + RawMessage.HeaderLength <= received)
            {
                var message = _buffer.AsSpan(offset);
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(message);
                var type = BinaryPrimitives.ReadUInt16LittleEndian(message[4..]);
                offset += (length + 3) & ~3;
                if (BinaryPrimitives.ReadUInt32LittleEndian(message[8..]) != sequence)
                {
                    continue;
                }

                if (type == Rtnl.RTM_NEWNEIGH)
                {
                    flags = message[26];
                    return true;
                }

                if (type == Rtnl.NLMSG_ERROR)
                {
                    var errno = -BinaryPrimitives.ReadInt32LittleEndian(message[16..]);
                    return errno == 0 ? false : errno == Rtnl.ENOENT ? false : throw new InvalidOperationException($"RTM_GETNEIGH failed: errno {errno}");
                }
            }
        }
    }
}
