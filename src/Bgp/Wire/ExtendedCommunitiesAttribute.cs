using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>EXTENDED_COMMUNITIES (type 16, optional transitive, RFC 4360 s2): 8-octet values.</summary>
public sealed record ExtendedCommunitiesAttribute(ImmutableArray<ExtendedCommunity> Communities)
    : PathAttribute(PathAttributeFlags.Optional | PathAttributeFlags.Transitive)
{
    public override byte TypeCode => (byte)PathAttributeType.ExtendedCommunities;

    // RFC 7606 s7.14: a length that is not a multiple of 8 is malformed (treat-as-withdraw).
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) => value.Length % 8 == 0;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options)
    {
        var values = ImmutableArray.CreateBuilder<ExtendedCommunity>(value.Length / 8);
        for (int i = 0; i < value.Length; i += 8)
        {
            values.Add(ExtendedCommunity.Read(value[i..]));
        }
        return new ExtendedCommunitiesAttribute(values.MoveToImmutable()) { Flags = flags };
    }

    internal override int GetValueLength(UpdateCodecOptions options) => 8 * Communities.Length;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options)
    {
        for (int i = 0; i < Communities.Length; i++)
        {
            Communities[i].Write(destination[(8 * i)..]);
        }
    }

    public bool Equals(ExtendedCommunitiesAttribute? other) =>
        other is not null && base.Equals(other) && ArrayEquality.Equal(Communities, other.Communities);

    public override int GetHashCode() => ArrayEquality.Hash(Communities);
}
