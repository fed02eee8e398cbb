using System.Buffers.Binary;
using Evpnd.KernelSync.Netlink;

namespace Evpnd.KernelSync.Tests.Lab;

/// <summary>
/// Stands in for the kernel: every datagram sent is handed to a script that returns the
/// datagrams the kernel would answer with.
/// </summary>
internal sealed class ScriptedTransport : INetlinkTransport
{
    public const uint OurPort = 4242;

    private readonly Func<byte[], IEnumerable<byte[]>> _script;
    private readonly Queue<byte[]> _replies = new();

    public ScriptedTransport(Func<byte[], IEnumerable<byte[]>> script)
    {
        _script = script;
    }

    public uint PortId => OurPort;

    public List<byte[]> Sent { get; } = [];

    public void Send(ReadOnlySpan<byte> datagram)
    {
        var copy = datagram.ToArray();
        Sent.Add(copy);
        foreach (var reply in _script(copy))
        {
            _replies.Enqueue(reply);
        }
    }

    public int Receive(Span<byte> buffer)
    {
        if (!_replies.TryDequeue(out var reply))
        {
            throw new InvalidOperationException("The client waited for a reply the script never gave.");
        }

        reply.CopyTo(buffer);
        return reply.Length;
    }

    public void Dispose()
    {
    }

    /// <summary>The sequence numbers of the messages packed in a sent datagram.</summary>
    public static List<uint> Sequences(byte[] datagram)
    {
        var result = new List<uint>();
        for (var offset = 0; offset < datagram.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram.AsSpan(offset));
            result.Add(BinaryPrimitives.ReadUInt32LittleEndian(datagram.AsSpan(offset + 8)));
            offset += (length + 3) & ~3;
        }

        return result;
    }

    public static byte[] Message(ushort type, ushort flags, uint sequence, uint port, ReadOnlySpan<byte> payload)
    {
        var message = new byte[16 + ((payload.Length + 3) & ~3)];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)(16 + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(12), port);
        payload.CopyTo(message.AsSpan(16));
        return message;
    }

    /// <summary>NLMSG_ERROR as a kernel with NETLINK_CAP_ACK and NETLINK_EXT_ACK sends it.</summary>
    public static byte[] Ack(uint sequence, int errno = 0, string? extendedAck = null, uint port = OurPort)
    {
        var payload = new List<byte>();
        payload.AddRange(BitConverter.GetBytes(-errno));
        payload.AddRange(new byte[16]);
        ushort flags = 0x100; // NLM_F_CAPPED
        if (extendedAck is not null)
        {
            flags |= 0x200; // NLM_F_ACK_TLVS
            var text = System.Text.Encoding.ASCII.GetBytes(extendedAck + "\0");
            payload.AddRange(BitConverter.GetBytes((ushort)(4 + text.Length)));
            payload.AddRange(BitConverter.GetBytes((ushort)1)); // NLMSGERR_ATTR_MSG
            payload.AddRange(text);
            while (payload.Count % 4 != 0)
            {
                payload.Add(0);
            }
        }

        return Message(2, flags, sequence, port, payload.ToArray());
    }

    public static byte[] Done(uint sequence, ushort flags = 0x2) => Message(3, flags, sequence, OurPort, new byte[4]);

    public static byte[] Concat(params byte[][] messages) => messages.SelectMany(m => m).ToArray();
}
