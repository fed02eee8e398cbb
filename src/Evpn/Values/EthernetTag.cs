using System.Buffers.Binary;
using System.Globalization;

namespace Evpnd.Evpn;

/// <summary>The 4-octet Ethernet Tag ID of EVPN routes (RFC 7432 s7): 0 for VLAN-based service.</summary>
public readonly record struct EthernetTag(uint Value)
{
    public const int Length = 4;

    /// <summary>MAX-ET, used by per-ES Ethernet A-D routes (RFC 7432 s8.2.1).</summary>
    public static readonly EthernetTag MaxEt = new(uint.MaxValue);

    public static EthernetTag Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
