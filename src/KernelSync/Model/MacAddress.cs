using System.Buffers.Binary;
using System.Globalization;

namespace Evpnd.KernelSync;

/// <summary>A 48-bit Ethernet address, held in the low 48 bits of a ulong.</summary>
public readonly record struct MacAddress
{
    public MacAddress(ulong value)
    {
        Value = value & 0xFFFF_FFFF_FFFFUL;
    }

    public ulong Value { get; }

    /// <summary>00:00:00:00:00:00, the flood-list (BUM) entry of a VXLAN device.</summary>
    public static MacAddress Zero => default;

    public static MacAddress Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 6)
        {
            throw new ArgumentException("A MAC address has 6 bytes.", nameof(bytes));
        }

        return new MacAddress(((ulong)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes[2..]));
    }

    public static MacAddress Parse(string text)
    {
        var parts = text.Split(':', '-');
        if (parts.Length != 6)
        {
            throw new FormatException($"'{text}' is not a MAC address.");
        }

        ulong value = 0;
        foreach (var part in parts)
        {
            value = (value << 8) | byte.Parse(part, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return new MacAddress(value);
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(Value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)Value);
    }

    public override string ToString()
    {
        Span<byte> b = stackalloc byte[6];
        WriteTo(b);
        return string.Create(CultureInfo.InvariantCulture, $"{b[0]:x2}:{b[1]:x2}:{b[2]:x2}:{b[3]:x2}:{b[4]:x2}:{b[5]:x2}");
    }
}
