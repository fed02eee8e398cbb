using System.Buffers.Binary;

namespace Evpnd.Bgp.Wire;

/// <summary>One path attribute as it sits in the UPDATE: flags, type code, value and all its bytes.</summary>
public readonly ref struct RawPathAttribute
{
    public RawPathAttribute(PathAttributeFlags flags, byte typeCode, ReadOnlySpan<byte> value, ReadOnlySpan<byte> encoded)
    {
        Flags = flags;
        TypeCode = typeCode;
        Value = value;
        Encoded = encoded;
    }

    public PathAttributeFlags Flags { get; }

    public byte TypeCode { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>The attribute with its header, as received.</summary>
    public ReadOnlySpan<byte> Encoded { get; }

    /// <summary>
    /// Reads the attribute at the front of <paramref name="source"/>. False when fewer than 3 (4 with
    /// Extended Length) octets remain or the length overruns the attribute block (RFC 7606 s4).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out RawPathAttribute attribute)
    {
        attribute = default;
        if (source.Length < 3)
        {
            return false;
        }
        var flags = (PathAttributeFlags)(source[0] & 0xF0);
        bool extended = (flags & PathAttributeFlags.ExtendedLength) != 0;
        int header = extended ? 4 : 3;
        if (source.Length < header)
        {
            return false;
        }
        int length = extended ? BinaryPrimitives.ReadUInt16BigEndian(source[2..]) : source[2];
        if (source.Length < header + length)
        {
            return false;
        }
        attribute = new RawPathAttribute(flags, source[1], source.Slice(header, length), source[..(header + length)]);
        return true;
    }
}
