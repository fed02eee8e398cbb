using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Evpnd.KernelSync;

/// <summary>
/// A 48-bit Ethernet MAC address, held in the low 48 bits of <see cref="Value"/>: the one MAC type
/// of the kernel tables (FDB, neighbours) and of EVPN routes.
/// </summary>
public readonly record struct MacAddress
{
    public const int Length = 6;

    public MacAddress(ulong value)
    {
        if (value > 0xFFFF_FFFF_FFFFUL)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A MAC address has 48 bits.");
        }
        Value = value;
    }

    public ulong Value { get; }

    /// <summary>00:00:00:00:00:00, the flood-list (BUM) entry of a VXLAN device.</summary>
    public static MacAddress Zero => default;

    /// <summary>The I/G bit: a group (multicast or broadcast) address, never a host's (IEEE 802).</summary>
    public bool IsGroup => (Value & 0x0100_0000_0000UL) != 0;

    /// <summary>Reads the first 6 octets of <paramref name="source"/>.</summary>
    public static MacAddress Read(ReadOnlySpan<byte> source) =>
        source.Length < Length ? throw new ArgumentException("A MAC address has 6 octets.", nameof(source)) : new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(Value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)Value);
    }

    /// <summary>Parses <c>02:00:00:00:00:01</c> (also with '-' separators), as FRR and iproute2 print it.</summary>
    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new FormatException($"'{text}' is not a MAC address (expected 02:00:00:00:00:01).");

    public static bool TryParse([NotNullWhen(true)] string? text, out MacAddress mac)
    {
        mac = default;
        return text is not null && TryParse(text.AsSpan(), out mac);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out MacAddress mac)
    {
        mac = default;
        if (text.Length != 17)
        {
            return false;
        }
        ulong value = 0;
        for (int i = 0; i < 6; i++)
        {
            if (i > 0 && text[(i * 3) - 1] is not (':' or '-'))
            {
                return false;
            }
            if (!byte.TryParse(text.Slice(i * 3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
            {
                return false;
            }
            value = (value << 8) | b;
        }
        mac = new MacAddress(value);
        return true;
    }

    public override string ToString() => string.Create(17, Value, static (span, value) =>
    {
        for (int i = 0; i < 6; i++)
        {
            byte b = (byte)(value >> (40 - (8 * i)));
            if (i > 0)
            {
                span[(i * 3) - 1] = ':';
            }
            span[i * 3] = ToHexDigit(b >> 4);
            span[(i * 3) + 1] = ToHexDigit(b & 0xF);
        }
    });

    private static char ToHexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
