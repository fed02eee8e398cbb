using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// MP_REACH_NLRI (type 14, optional non-transitive, RFC 4760 s3). The next hop and the NLRI are
/// kept as raw bytes: EVPN routes are decoded in src/Evpn.
/// </summary>
/// <remarks>
/// +---------------------------------------------------------+
/// | Address Family Identifier (2 octets)                    |
/// +---------------------------------------------------------+
/// | Subsequent Address Family Identifier (1 octet)          |
/// +---------------------------------------------------------+
/// | Length of Next Hop Network Address (1 octet)            |
/// +---------------------------------------------------------+
/// | Network Address of Next Hop (variable)                  |
/// +---------------------------------------------------------+
/// | Reserved (1 octet)                                      |
/// +---------------------------------------------------------+
/// | Network Layer Reachability Information (variable)       |
/// +---------------------------------------------------------+
/// </remarks>
public sealed record MpReachNlriAttribute(AfiSafi Family, ImmutableArray<byte> NextHop, ImmutableArray<byte> Nlri)
    : PathAttribute(PathAttributeFlags.Optional)
{
    public override byte TypeCode => (byte)PathAttributeType.MpReachNlri;

    /// <summary>The (global) next hop address: the first 4 or 16 octets of the next hop field.</summary>
    public IPAddress? NextHopAddress => NextHop.Length switch
    {
        4 => new IPAddress(NextHop.AsSpan()),
        16 or 32 => new IPAddress(NextHop.AsSpan(0, 16)),
        _ => null,
    };

    /// <summary>The IPv6 link-local next hop when the field is 32 octets (RFC 2545 s3).</summary>
    public IPAddress? LinkLocalNextHop => NextHop.Length == 32 ? new IPAddress(NextHop.AsSpan(16, 16)) : null;

    /// <summary>Builds the next hop field from one address (4 or 16 octets).</summary>
    public static ImmutableArray<byte> EncodeNextHop(IPAddress address) => [.. address.GetAddressBytes()];

    // RFC 7606 s7.11: the next hop length must fit the attribute and suit the family, and the NLRI
    // must parse (s5.3); otherwise session reset.
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options)
    {
        if (value.Length < 5 || value.Length < 5 + value[3])
        {
            return false;
        }
        var family = new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(value), value[2]);
        return MpNlriSyntax.NextHopLengthIsValid(family, value[3]) &&
            MpNlriSyntax.IsWellFormed(family, value[(5 + value[3])..]);
    }

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options)
    {
        int nextHopLength = value[3];
        return new MpReachNlriAttribute(
            new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(value), value[2]),
            [.. value.Slice(4, nextHopLength)],
            [.. value[(5 + nextHopLength)..]]) { Flags = flags };
    }

    internal override int GetValueLength(UpdateCodecOptions options) => 5 + NextHop.Length + Nlri.Length;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Family.Afi);
        destination[2] = Family.Safi;
        destination[3] = checked((byte)NextHop.Length);
        NextHop.AsSpan().CopyTo(destination[4..]);
        destination[4 + NextHop.Length] = 0;
        Nlri.AsSpan().CopyTo(destination[(5 + NextHop.Length)..]);
    }

    public bool Equals(MpReachNlriAttribute? other) =>
        other is not null && base.Equals(other) && Family == other.Family &&
        ArrayEquality.Equal(NextHop, other.NextHop) && ArrayEquality.Equal(Nlri, other.Nlri);

    public override int GetHashCode() => HashCode.Combine(Family, ArrayEquality.Hash(NextHop), ArrayEquality.Hash(Nlri));
}
