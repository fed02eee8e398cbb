using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Evpnd.KernelSync.Interop.Interop.Netlink;

namespace Evpnd.KernelSync.Netlink;

/// <summary>One message of a received datagram: its header and the bytes after the header.</summary>
internal readonly ref struct NetlinkMessage
{
    public NetlinkMessage(Interop.Interop.nlmsghdr header, ReadOnlySpan<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    public Interop.Interop.nlmsghdr Header { get; }

    public ReadOnlySpan<byte> Payload { get; }

    public ushort Type => Header.nlmsg_type;

    public ushort Flags => Header.nlmsg_flags;

    public uint Sequence => Header.nlmsg_seq;

    public uint PortId => Header.nlmsg_pid;

    /// <summary>Reads the family header (ifinfomsg, ndmsg) at the start of the payload.</summary>
    public T ReadFamilyHeader<T>()
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        if (Payload.Length < size)
        {
            throw new NetlinkProtocolException($"Message type {Type} has {Payload.Length} payload bytes; {size} expected.");
        }

        return MemoryMarshal.Read<T>(Payload);
    }

    /// <summary>The attributes after a family header of type <typeparamref name="T"/>.</summary>
    public NetlinkAttributeReader GetAttributes<T>()
        where T : unmanaged
    {
        var offset = NLMSG_ALIGN(Unsafe.SizeOf<T>());
        return new NetlinkAttributeReader(Payload.Length > offset ? Payload[offset..] : default);
    }

    /// <summary>
    /// Decodes NLMSG_ERROR (and the error code of NLMSG_DONE); error 0 is an ACK.
    /// </summary>
    /// <remarks>
    /// <code>
    /// struct nlmsgerr { int error; struct nlmsghdr msg; }   // then, unless NLM_F_CAPPED,
    /// the rest of the offending request; then, with NLM_F_ACK_TLVS, NLMSGERR_ATTR_* TLVs
    /// (NLMSGERR_ATTR_MSG is the extended-ack text, see netlink(7) and RFC 3549 s2.3.2.2).
    /// </code>
    /// </remarks>
    public int ReadError(out string? extendedAck)
    {
        extendedAck = null;
        if (Payload.Length < 4)
        {
            throw new NetlinkProtocolException("NLMSG_ERROR without an error code.");
        }

        var error = BinaryPrimitives.ReadInt32LittleEndian(Payload);
        if ((Flags & NLM_F_ACK_TLVS) == 0)
        {
            return -error;
        }

        int tlvOffset;
        if (Type == NLMSG_DONE)
        {
            tlvOffset = 4;
        }
        else
        {
            tlvOffset = 4 + NLMSG_HDRLEN;
            if ((Flags & NLM_F_CAPPED) == 0 && Payload.Length >= tlvOffset)
            {
                // The whole request is echoed: skip it by its own nlmsg_len. A length the message
                // cannot hold leaves no TLVs to read (the errno stands).
                var echoedLength = BinaryPrimitives.ReadUInt32LittleEndian(Payload[4..]);
                tlvOffset = echoedLength >= NLMSG_HDRLEN && echoedLength <= Payload.Length - 4
                    ? 4 + NLMSG_ALIGN((int)echoedLength)
                    : Payload.Length;
            }
        }

        if (tlvOffset < Payload.Length)
        {
            var reader = new NetlinkAttributeReader(Payload[tlvOffset..]);
            while (reader.TryRead(out var attribute))
            {
                if (attribute.Type == NLMSGERR_ATTR_MSG)
                {
                    extendedAck = attribute.GetString();
                }
            }
        }

        return -error;
    }
}
