using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// Encapsulation extended community (RFC 9012 s4.1): transitive opaque 0x03/0x0C, Reserved(4),
/// Tunnel Type(2). EVPN over VXLAN advertises tunnel type 8 (RFC 8365 s5.1.3).
/// </summary>
public readonly record struct EncapsulationCommunity(ushort TunnelType)
{
    public const byte Type = 0x03;
    public const byte SubType = 0x0C;
    public const ushort Vxlan = 8;
    public const ushort Nvgre = 9;
    public const ushort Mpls = 10;
    public const ushort VxlanGpe = 12;

    public static readonly EncapsulationCommunity VxlanEncapsulation = new(Vxlan);

    public static bool TryFrom(ExtendedCommunity community, out EncapsulationCommunity encapsulation)
    {
        encapsulation = default;
        if (community.Type != Type || community.SubType != SubType)
        {
            return false;
        }
        encapsulation = new EncapsulationCommunity((ushort)community.Value);
        return true;
    }

    public ExtendedCommunity ToExtendedCommunity() => new(((ulong)Type << 56) | ((ulong)SubType << 48) | TunnelType);

    public override string ToString() => TunnelType == Vxlan ? "ET:8 (VXLAN)" : $"ET:{TunnelType}";
}
