using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// Addresses that cannot be another VTEP, whatever a peer says (FRR's <c>ipv4_martian</c> and
/// <c>ipv6_martian</c>, plus link-local: a VXLAN tunnel to a link-local address leads nowhere).
/// </summary>
internal static class MartianAddress
{
    private static readonly UInt128 s_ipv4Mapped = (UInt128)0xFFFF << 32;
    private static readonly UInt128 s_ipv4MappedMask = ~(UInt128)0xFFFF_FFFF;

    public static MartianReason? Classify(IpAddressValue address) => address.ByteLength switch
    {
        4 => ClassifyIpv4((uint)address.Bits),
        16 => ClassifyIpv6(address.Bits),
        _ => MartianReason.Unspecified,
    };

    private static MartianReason? ClassifyIpv4(uint address) => (address >> 24) switch
    {
        0 => MartianReason.Unspecified,
        127 => MartianReason.Loopback,
        >= 224 and < 240 => MartianReason.Multicast,
        >= 240 => MartianReason.Reserved,
        _ when address >> 16 == 0xA9FE => MartianReason.LinkLocal,
        _ => null,
    };

    private static MartianReason? ClassifyIpv6(UInt128 address)
    {
        if (address == UInt128.Zero)
        {
            return MartianReason.Unspecified;
        }
        if (address == UInt128.One)
        {
            return MartianReason.Loopback;
        }
        byte first = (byte)(address >> 120);
        if (first == 0xFF)
        {
            return MartianReason.Multicast;
        }
        if ((ushort)(address >> 118) == 0xFE80 >> 6)
        {
            return MartianReason.LinkLocal;
        }
        // ::ffff:a.b.c.d carries an IPv4 address (RFC 4291 s2.5.5.2): judged as that address.
        return (address & s_ipv4MappedMask) == s_ipv4Mapped ? ClassifyIpv4((uint)address) : null;
    }
}
