using System.Buffers.Binary;

namespace Evpnd.Bgp.Wire;

/// <summary>LOCAL_PREF (type 5, well-known, iBGP only, RFC 4271 s5.1.5): 4 octets.</summary>
public sealed record LocalPrefAttribute(uint Value) : PathAttribute(PathAttributeFlags.Transitive)
{
    public override byte TypeCode => (byte)PathAttributeType.LocalPref;

    // RFC 7606 s7.5: a length other than 4 is malformed. (Ignoring it from an external peer is the
    // session's business: the codec does not know the peer type.)
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) => value.Length == 4;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        new LocalPrefAttribute(BinaryPrimitives.ReadUInt32BigEndian(value)) { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => 4;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, Value);
}
