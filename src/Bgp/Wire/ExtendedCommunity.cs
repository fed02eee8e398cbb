using System.Buffers.Binary;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// One 8-octet extended community (RFC 4360 s2) as a big-endian 64-bit value: Type(1) Sub-Type(1)
/// Value(6) for the extended types. Typed EVPN communities are built on this in src/Evpn.
/// </summary>
public readonly record struct ExtendedCommunity(ulong Value)
{
    public byte Type => (byte)(Value >> 56);

    public byte SubType => (byte)(Value >> 48);

    /// <summary>RFC 4360 s2: bit 0x40 of the type set means non-transitive.</summary>
    public bool IsTransitive => (Type & 0x40) == 0;

    public static ExtendedCommunity Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt64BigEndian(source));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    public override string ToString() => $"0x{Value:x16}";
}
