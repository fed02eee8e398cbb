using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Evpnd.KernelSync.Interop.Interop.Netlink;

namespace Evpnd.KernelSync.Netlink;

/// <summary>
/// Writes netlink messages into a caller-owned (pooled or stack) buffer. Several messages may be
/// written back to back, which is how a batch carries many requests in one <c>send</c>.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          nlmsg_len                            |
/// |          nlmsg_type           |          nlmsg_flags          |
/// |                          nlmsg_seq                            |
/// |                          nlmsg_pid                            |
/// |   family header (ifinfomsg / ndmsg), padded to 4              |
/// |   attributes: nla_len(2) nla_type(2) value, each padded to 4  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Netlink uses host byte order except where an attribute says otherwise.
/// </remarks>
internal ref struct NetlinkMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _position;
    private int _messageStart;

    public NetlinkMessageWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        _messageStart = -1;
    }

    /// <summary>Bytes written so far (whole messages once <see cref="EndMessage"/> was called).</summary>
    public readonly int Length => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    public void BeginMessage(ushort type, ushort flags, uint sequence)
    {
        if (_messageStart >= 0)
        {
            throw new InvalidOperationException("The previous message was not ended.");
        }

        _messageStart = _position;
        var header = new Interop.Interop.nlmsghdr
        {
            nlmsg_len = 0,
            nlmsg_type = type,
            nlmsg_flags = flags,
            nlmsg_seq = sequence,
            nlmsg_pid = 0,
        };
        WriteStruct(header);
    }

    /// <summary>Back-fills nlmsg_len of the message begun last.</summary>
    public void EndMessage()
    {
        if (_messageStart < 0)
        {
            throw new InvalidOperationException("No message was begun.");
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_messageStart..], (uint)(_position - _messageStart));
        _messageStart = -1;
    }

    /// <summary>Writes a family header (ifinfomsg, ndmsg) padded to the netlink alignment.</summary>
    public void WriteStruct<T>(in T value)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var target = _buffer.Slice(_position, NLMSG_ALIGN(size));
        MemoryMarshal.Write(target, in value);
        target[size..].Clear();
        _position += target.Length;
    }

    public void WriteAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        var length = NLA_HDRLEN + value.Length;
        var target = _buffer.Slice(_position, NLA_ALIGN(length));
        BinaryPrimitives.WriteUInt16LittleEndian(target, (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(target[2..], type);
        value.CopyTo(target[NLA_HDRLEN..]);
        target[length..].Clear();
        _position += target.Length;
    }

    public void WriteAttributeUInt8(ushort type, byte value) => WriteAttribute(type, [value]);

    public void WriteAttributeUInt16(ushort type, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        WriteAttribute(type, bytes);
    }

    public void WriteAttributeUInt32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        WriteAttribute(type, bytes);
    }

    /// <summary>Writes an IPv4 or IPv6 address in network byte order, as NDA_DST wants it.</summary>
    public void WriteAttributeAddress(ushort type, in IpAddressValue address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.Write(bytes);
        WriteAttribute(type, bytes[..address.ByteLength]);
    }

    public void WriteAttributeAddress(ushort type, IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException($"Cannot encode address {address}.", nameof(address));
        }

        WriteAttribute(type, bytes[..written]);
    }

    /// <summary>
    /// Opens a nested attribute; disposing the returned scope back-fills its nla_len with the
    /// length of everything written inside it.
    /// </summary>
    [UnscopedRef]
    public NestedAttributeScope BeginNested(ushort type)
    {
        var start = _position;
        var header = _buffer.Slice(_position, NLA_HDRLEN);
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)(type | NLA_F_NESTED));
        _position += NLA_HDRLEN;
        return new NestedAttributeScope(_buffer, ref _position, start);
    }
}
