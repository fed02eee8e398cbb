using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>CLUSTER_LIST (type 10, optional non-transitive, RFC 4456 s8): 4-octet cluster IDs.</summary>
public sealed record ClusterListAttribute(ImmutableArray<uint> ClusterIds) : PathAttribute(PathAttributeFlags.Optional)
{
    public override byte TypeCode => (byte)PathAttributeType.ClusterList;

    // RFC 7606 s7.10: a length that is not a multiple of 4 is malformed.
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) => value.Length % 4 == 0;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options)
    {
        var values = ImmutableArray.CreateBuilder<uint>(value.Length / 4);
        for (int i = 0; i < value.Length; i += 4)
        {
            values.Add(BinaryPrimitives.ReadUInt32BigEndian(value[i..]));
        }
        return new ClusterListAttribute(values.MoveToImmutable()) { Flags = flags };
    }

    internal override int GetValueLength(UpdateCodecOptions options) => 4 * ClusterIds.Length;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options)
    {
        for (int i = 0; i < ClusterIds.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 * i)..], ClusterIds[i]);
        }
    }

    public bool Equals(ClusterListAttribute? other) =>
        other is not null && base.Equals(other) && ArrayEquality.Equal(ClusterIds, other.ClusterIds);

    public override int GetHashCode() => ArrayEquality.Hash(ClusterIds);
}
