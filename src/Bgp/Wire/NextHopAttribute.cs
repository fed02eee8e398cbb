using System.Net;
using System.Net.Sockets;

namespace Evpnd.Bgp.Wire;

/// <summary>NEXT_HOP (type 3, well-known, RFC 4271 s5.1.3): an IPv4 address for the IPv4 NLRI field.</summary>
public sealed record NextHopAttribute(IPAddress Address) : PathAttribute(PathAttributeFlags.Transitive)
{
    public override byte TypeCode => (byte)PathAttributeType.NextHop;

    // RFC 7606 s7.3: a length other than 4 is malformed.
    internal static bool IsWellFormed(ReadOnlySpan<byte> value, UpdateCodecOptions options) => value.Length == 4;

    internal static PathAttribute Decode(ReadOnlySpan<byte> value, PathAttributeFlags flags, UpdateCodecOptions options) =>
        new NextHopAttribute(new IPAddress(value)) { Flags = flags };

    internal override int GetValueLength(UpdateCodecOptions options) => 4;

    internal override void WriteValue(Span<byte> destination, UpdateCodecOptions options)
    {
        if (Address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("NEXT_HOP carries an IPv4 address; IPv6 next hops go in MP_REACH_NLRI.");
        }
        Address.TryWriteBytes(destination, out _);
    }
}
