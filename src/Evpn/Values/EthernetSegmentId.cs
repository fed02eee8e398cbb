using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Evpnd.Evpn;

/// <summary>
/// The 10-octet Ethernet Segment Identifier (RFC 7432 s5): a type octet and 9 octets of value. All
/// zeros means a single-homed site. Held as the first 8 octets and the last 2, big-endian.
/// </summary>
public readonly record struct EthernetSegmentId(ulong High, ushort Low)
{
    public const int Length = 10;

    public static readonly EthernetSegmentId Zero = default;

    /// <summary>ESI type (RFC 7432 s5: 0 arbitrary, 1 LACP, 2 bridge, 3 MAC, 4 router id, 5 AS).</summary>
    public byte Type => (byte)(High >> 56);

    public bool IsZero => High == 0 && Low == 0;

    public static EthernetSegmentId Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt16BigEndian(source[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], Low);
    }

    /// <summary>Parses ten colon-separated hex octets, as FRR prints an ESI.</summary>
    public static EthernetSegmentId Parse(string text) =>
        TryParse(text, out var esi) ? esi : throw new FormatException($"'{text}' is not an ESI (expected 10 colon-separated octets).");

    public static bool TryParse([NotNullWhen(true)] string? text, out EthernetSegmentId esi)
    {
        esi = default;
        if (text is null || text.Length != 29)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[Length];
        for (int i = 0; i < Length; i++)
        {
            if ((i > 0 && text[(i * 3) - 1] != ':') ||
                !byte.TryParse(text.AsSpan(i * 3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }
        esi = Read(bytes);
        return true;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        Write(bytes);
        return string.Join(':', bytes.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }
}
