using System.Buffers.Binary;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// One path attribute of an UPDATE (RFC 4271 s4.3). <see cref="Flags"/> are the flags as sent or
/// received (a decoded attribute keeps its Partial and Extended Length bits so that it re-encodes
/// byte for byte); a new attribute gets the flags its RFC defines.
/// </summary>
/// <remarks>
///  0                   1
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Attr. Flags  |Attr. Type Code|   Length (1, or 2 with Extended Length), Value
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </remarks>
public abstract record PathAttribute
{
    protected PathAttribute(PathAttributeFlags flags)
    {
        Flags = flags;
    }

    public abstract byte TypeCode { get; }

    public PathAttributeFlags Flags { get; init; }

    /// <summary>
    /// The attribute as it is passed on to other peers: unrecognised optional transitive attributes
    /// get the Partial bit (RFC 4271 s5); every other attribute is returned unchanged.
    /// </summary>
    public virtual PathAttribute ForPropagation() => this;

    internal abstract int GetValueLength(UpdateCodecOptions options);

    internal abstract void WriteValue(Span<byte> destination, UpdateCodecOptions options);

    /// <summary>Bytes on the wire, header included.</summary>
    public int GetEncodedLength(UpdateCodecOptions options)
    {
        int length = GetValueLength(options);
        return (UsesExtendedLength(length) ? 4 : 3) + length;
    }

    /// <summary>Writes the attribute, header included, and returns the bytes written.</summary>
    public int Write(Span<byte> destination, UpdateCodecOptions options)
    {
        int length = GetValueLength(options);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"Attribute {TypeCode} value of {length} bytes does not fit.");
        }
        bool extended = UsesExtendedLength(length);
        var flags = (byte)(Flags & ~PathAttributeFlags.ExtendedLength) | (extended ? (byte)PathAttributeFlags.ExtendedLength : 0);
        destination[0] = (byte)flags;
        destination[1] = TypeCode;
        int header;
        if (extended)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
            header = 4;
        }
        else
        {
            destination[2] = (byte)length;
            header = 3;
        }
        WriteValue(destination.Slice(header, length), options);
        return header + length;
    }

    /// <summary>
    /// Same type, same value, same flags; the Extended Length bit is an encoding detail and is
    /// not compared.
    /// </summary>
    public virtual bool Equals(PathAttribute? other) =>
        other is not null && EqualityContract == other.EqualityContract &&
        (Flags & ~PathAttributeFlags.ExtendedLength) == (other.Flags & ~PathAttributeFlags.ExtendedLength);

    public override int GetHashCode() => HashCode.Combine(EqualityContract, Flags & ~PathAttributeFlags.ExtendedLength);

    // RFC 4271 s4.3: the Extended Length bit is required above 255 bytes and allowed below.
    private bool UsesExtendedLength(int length) => length > 255 || (Flags & PathAttributeFlags.ExtendedLength) != 0;
}
