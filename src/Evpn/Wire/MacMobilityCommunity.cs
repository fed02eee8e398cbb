using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// MAC Mobility extended community (RFC 7432 s7.7): EVPN 0x06/0x00, Flags(1; low-order bit =
/// sticky/static), Reserved(1), Sequence Number(4).
/// </summary>
public readonly record struct MacMobilityCommunity(uint Sequence, bool Sticky)
{
    public const byte Type = 0x06;
    public const byte SubType = 0x00;
    private const byte StickyFlag = 0x01;

    public static bool TryFrom(ExtendedCommunity community, out MacMobilityCommunity mobility)
    {
        mobility = default;
        if (community.Type != Type || community.SubType != SubType)
        {
            return false;
        }
        byte flags = (byte)(community.Value >> 40);
        mobility = new MacMobilityCommunity((uint)community.Value, (flags & StickyFlag) != 0);
        return true;
    }

    public ExtendedCommunity ToExtendedCommunity() =>
        new(((ulong)Type << 56) | ((ulong)SubType << 48) | ((ulong)(Sticky ? StickyFlag : 0) << 40) | Sequence);

    public override string ToString() => Sticky ? $"MM:{Sequence}, sticky MAC" : $"MM:{Sequence}";
}
