using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// Hand-laid AF_BRIDGE neighbour messages (struct nlmsghdr, struct ndmsg, NDA_* attributes), so
/// that writer (b) shares no encoding code with evpnd.
/// </summary>
internal static class RawMessage
{
    public const int HeaderLength = 16;
    public const int NdmsgLength = 12;

    /// <summary>
    /// struct nlmsghdr { u32 len; u16 type; u16 flags; u32 seq; u32 pid; } followed by
    /// struct ndmsg { u8 family, pad1; u16 pad2; s32 ifindex; u16 state; u8 flags, type; }.
    /// Returns the offset after the ndmsg; <see cref="Finish"/> writes the length.
    /// </summary>
    public static int Begin(Span<byte> buffer, ushort type, ushort flags, uint sequence, int ifindex, ushort state, byte ntf)
    {
        buffer[..(HeaderLength + NdmsgLength)].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[8..], sequence);
        buffer[16] = Rtnl.AF_BRIDGE;
        BinaryPrimitives.WriteInt32LittleEndian(buffer[20..], ifindex);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[24..], state);
        buffer[26] = ntf;
        return HeaderLength + NdmsgLength;
    }

    /// <summary>struct nlattr { u16 len; u16 type; } + value, padded to 4 bytes.</summary>
    public static int Attribute(Span<byte> buffer, int offset, ushort type, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[offset..], (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[(offset + 2)..], type);
        value.CopyTo(buffer[(offset + 4)..]);
        var end = offset + 4 + value.Length;
        var aligned = (end + 3) & ~3;
        buffer[end..aligned].Clear();
        return aligned;
    }

    public static int Finish(Span<byte> buffer, int length)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)length);
        return length;
    }

    public static int AttributeUInt32(Span<byte> buffer, int offset, ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        MemoryMarshal.Write(bytes, in value);
        return Attribute(buffer, offset, type, bytes);
    }
}
