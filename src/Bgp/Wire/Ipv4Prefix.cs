using System.Buffers.Binary;
using System.Net;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// An IPv4 prefix as carried in the UPDATE Withdrawn Routes and NLRI fields (RFC 4271 s4.3):
/// Length(1) in bits, then the fewest whole octets that hold it. <see cref="Address"/> is in host
/// order; bits past the length are kept as received so that a message re-encodes unchanged.
/// </summary>
public readonly record struct Ipv4Prefix(uint Address, byte Length)
{
    /// <summary>Bytes on the wire: the length octet and the address octets.</summary>
    public int EncodedLength => 1 + (Length + 7) / 8;

    /// <summary>
    /// Reads one prefix. False when the length exceeds 32 or the octets overrun the field
    /// (RFC 7606 s5.3 makes that a session reset).
    /// </summary>
    /// <remarks>
    /// +---------------------------+
    /// |   Length (1 octet)        |
    /// +---------------------------+
    /// |   Prefix (variable)       |
    /// +---------------------------+
    /// </remarks>
    public static bool TryRead(ReadOnlySpan<byte> source, out Ipv4Prefix prefix, out int consumed)
    {
        prefix = default;
        consumed = 0;
        if (source.IsEmpty || source[0] > 32)
        {
            return false;
        }
        int octets = (source[0] + 7) / 8;
        if (source.Length < 1 + octets)
        {
            return false;
        }
        uint address = 0;
        for (int i = 0; i < octets; i++)
        {
            address |= (uint)source[1 + i] << (24 - 8 * i);
        }
        prefix = new Ipv4Prefix(address, source[0]);
        consumed = 1 + octets;
        return true;
    }

    /// <summary>Writes the prefix and returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        int octets = (Length + 7) / 8;
        destination[0] = Length;
        for (int i = 0; i < octets; i++)
        {
            destination[1 + i] = (byte)(Address >> (24 - 8 * i));
        }
        return 1 + octets;
    }

    /// <summary>Parses "a.b.c.d/len".</summary>
    public static Ipv4Prefix Parse(string text)
    {
        var slash = text.IndexOf('/');
        var address = IPAddress.Parse(slash < 0 ? text : text[..slash]);
        var length = slash < 0 ? (byte)32 : byte.Parse(text[(slash + 1)..]);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || length > 32)
        {
            throw new FormatException($"'{text}' is not an IPv4 prefix.");
        }
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return new Ipv4Prefix(BinaryPrimitives.ReadUInt32BigEndian(bytes), length);
    }

    public override string ToString() =>
        $"{Address >> 24}.{(Address >> 16) & 0xFF}.{(Address >> 8) & 0xFF}.{Address & 0xFF}/{Length}";
}
