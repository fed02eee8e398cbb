using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// PMSI_TUNNEL (type 22, optional transitive, RFC 6514 s5), kept opaque here; its fields (Flags(1)
/// Tunnel Type(1) MPLS Label(3) Tunnel Identifier) are read in src/Evpn.
/// </summary>
public sealed record PmsiTunnelAttribute(ImmutableArray<byte> Value) : PathAttribute(PathAttributeFlags.Optional | PathAttributeFlags.Transitive)
{
    public override byte TypeCode => (byte)PathAttributeType.PmsiTunnel;

    // RFC 6514 s5: at least Flags, Tunnel Type and the 3-octet label. RFC 7606 gives no specific
    // rule, so its default, treat-as-withdraw (s2), applies to a shorter one.
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) => value.Length >= 5;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        new PmsiTunnelAttribute([.. value]) { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => Value.Length;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options) => Value.AsSpan().CopyTo(destination);

    public bool Equals(PmsiTunnelAttribute? other) =>
        other is not null && base.Equals(other) && ArrayEquality.Equal(Value, other.Value);

    public override int GetHashCode() => ArrayEquality.Hash(Value);
}
