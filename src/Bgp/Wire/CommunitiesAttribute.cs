using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>COMMUNITIES (type 8, optional transitive, RFC 1997): 4-octet values.</summary>
public sealed record CommunitiesAttribute(ImmutableArray<uint> Communities) : PathAttribute(PathAttributeFlags.Optional | PathAttributeFlags.Transitive)
{
    public const uint NoExport = 0xFFFFFF01;
    public const uint NoAdvertise = 0xFFFFFF02;

    public override byte TypeCode => (byte)PathAttributeType.Communities;

    // RFC 7606 s7.8: a length that is not a multiple of 4 is malformed.
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) => value.Length % 4 == 0;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options)
    {
        var values = ImmutableArray.CreateBuilder<uint>(value.Length / 4);
        for (int i = 0; i < value.Length; i += 4)
        {
            values.Add(BinaryPrimitives.ReadUInt32BigEndian(value[i..]));
        }
        return new CommunitiesAttribute(values.MoveToImmutable()) { Flags = flags };
    }

    internal override int GetValueLength(UpdateCodecOptions options) => 4 * Communities.Length;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options)
    {
        for (int i = 0; i < Communities.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 * i)..], Communities[i]);
        }
    }

    public bool Equals(CommunitiesAttribute? other) =>
        other is not null && base.Equals(other) && ArrayEquality.Equal(Communities, other.Communities);

    public override int GetHashCode() => ArrayEquality.Hash(Communities);
}
