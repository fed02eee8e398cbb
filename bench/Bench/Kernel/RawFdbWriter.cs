using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// Writer (b), the kernel's floor: one RTM_NEWNEIGH per MAC with NTF_MASTER|NTF_SELF|
/// NTF_EXT_LEARNED (the kernel writes the bridge entry and the VXLAN entry from one request),
/// <see cref="RequestsPerSend"/> requests per send(2), then every ACK read before the next send.
/// Written against the raw descriptor with hand-laid messages, sharing nothing with evpnd.
/// </summary>
internal sealed class RawFdbWriter
{
    public const int RequestsPerSend = 32;
    private const int MaxMessageLength = 64;

    private readonly byte[] _send = new byte[RequestsPerSend * MaxMessageLength];
    private readonly byte[] _receive = new byte[64 * 1024];
    private readonly Func<int, uint>? _vtepOf;
    private uint _sequence = 1;

    /// <param name="vtepOf">
    /// The destination of MAC i as an IPv4 address, most significant octet first; null: every MAC
    /// behind <see cref="BenchMacs.RemoteVtep"/>.
    /// </param>
    public RawFdbWriter(Func<int, uint>? vtepOf = null)
    {
        _vtepOf = vtepOf;
    }

    public WriterResult Install(VxlanDevice device, int count) => Run(device, count, delete: false);

    public WriterResult Remove(VxlanDevice device, int count) => Run(device, count, delete: true);

    private WriterResult Run(VxlanDevice device, int count, bool delete)
    {
        using var socket = RawNetlinkSocket.Open(device.Namespace);
        Span<byte> vtep = stackalloc byte[4];
        IPAddress.Parse(BenchMacs.RemoteVtep).TryWriteBytes(vtep, out _);
        Span<byte> mac = stackalloc byte[6];
        var failures = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < count; start += RequestsPerSend)
        {
            var inBatch = Math.Min(RequestsPerSend, count - start);
            var length = 0;
            var first = _sequence;
            for (var i = 0; i < inBatch; i++)
            {
                BenchMacs.Write(start + i, mac);
                if (_vtepOf is not null)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(vtep, _vtepOf(start + i));
                }

                var message = _send.AsSpan(length, MaxMessageLength);
                int end;
                if (delete)
                {
                    end = RawMessage.Begin(message, Rtnl.RTM_DELNEIGH, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, _sequence++,
                        device.VxlanIfindex, 0, Rtnl.NTF_MASTER | Rtnl.NTF_SELF);
                    end = RawMessage.Attribute(message, end, Rtnl.NDA_LLADDR, mac);
                }
                else
                {
                    end = RawMessage.Begin(message, Rtnl.RTM_NEWNEIGH, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_REPLACE, _sequence++,
                        device.VxlanIfindex, Rtnl.NUD_REACHABLE, Rtnl.NTF_MASTER | Rtnl.NTF_SELF | Rtnl.NTF_EXT_LEARNED);
                    end = RawMessage.Attribute(message, end, Rtnl.NDA_LLADDR, mac);
                    end = RawMessage.Attribute(message, end, Rtnl.NDA_DST, vtep);
                    end = RawMessage.AttributeUInt32(message, end, Rtnl.NDA_MASTER, (uint)device.BridgeIfindex);
                }

                length += RawMessage.Finish(message, end);
            }

            socket.Send(_send.AsSpan(0, length));
            var outstanding = inBatch;
            while (outstanding > 0)
            {
                var received = socket.Receive(_receive);
                var offset = 0;
                while (offset + RawMessage.HeaderLength <= received)
                {
                    var header = _receive.AsSpan(offset);
                    var messageLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(header);
                    var type = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
                    var sequence = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
                    if (type == Rtnl.NLMSG_ERROR && sequence - first < (uint)inBatch)
                    {
                        outstanding--;
                        var errno = -BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
                        if (errno != 0)
                        {
                            failures++;
                            firstError ??= $"errno {errno}";
                        }
                    }

                    offset += (messageLength + 3) & ~3;
                }
            }
        }

        return new WriterResult(watch.Elapsed, failures, firstError);
    }
}
