using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// The segment list shared by AS_PATH (2 or 4 octets per AS) and AS4_PATH (always 4).
/// </summary>
/// <remarks>
/// Each segment: Segment Type(1) Segment Length(1, in ASes) then Length AS numbers.
/// </remarks>
internal static class AsPathCodec
{
    /// <summary>RFC 7606 s7.2: unknown segment type, zero segment length or an overrun is malformed.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> value, int asSize)
    {
        while (!value.IsEmpty)
        {
            if (value.Length < 2 || value[0] is < 1 or > 4 || value[1] == 0)
            {
                return false;
            }
            int length = 2 + value[1] * asSize;
            if (value.Length < length)
            {
                return false;
            }
            value = value[length..];
        }
        return true;
    }

    public static ImmutableArray<AsPathSegment> Decode(ReadOnlySpan<byte> value, int asSize)
    {
        var segments = ImmutableArray.CreateBuilder<AsPathSegment>();
        while (!value.IsEmpty)
        {
            int count = value[1];
            var asns = ImmutableArray.CreateBuilder<uint>(count);
            var data = value.Slice(2, count * asSize);
            for (int i = 0; i < count; i++)
            {
                asns.Add(asSize == 4
                    ? BinaryPrimitives.ReadUInt32BigEndian(data[(4 * i)..])
                    : BinaryPrimitives.ReadUInt16BigEndian(data[(2 * i)..]));
            }
            segments.Add(new AsPathSegment((AsPathSegmentType)value[0], asns.MoveToImmutable()));
            value = value[(2 + data.Length)..];
        }
        return segments.ToImmutable();
    }

    public static int GetLength(ImmutableArray<AsPathSegment> segments, int asSize)
    {
        int length = 0;
        foreach (var segment in segments)
        {
            length += 2 + segment.Asns.Length * asSize;
        }
        return length;
    }

    /// <summary>
    /// Writes the segments. With 2-octet ASes a number above 65535 becomes AS_TRANS (RFC 6793 s4.2.2).
    /// </summary>
    public static void Write(ImmutableArray<AsPathSegment> segments, Span<byte> destination, int asSize)
    {
        int pos = 0;
        foreach (var segment in segments)
        {
            if (segment.Asns.Length > 255)
            {
                throw new ArgumentException("An AS_PATH segment holds at most 255 AS numbers.");
            }
            destination[pos] = (byte)segment.Type;
            destination[pos + 1] = (byte)segment.Asns.Length;
            pos += 2;
            foreach (var asn in segment.Asns)
            {
                if (asSize == 4)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(destination[pos..], asn);
                }
                else
                {
                    BinaryPrimitives.WriteUInt16BigEndian(destination[pos..], asn > ushort.MaxValue ? OpenMessage.AsTrans : (ushort)asn);
                }
                pos += asSize;
            }
        }
    }
}
