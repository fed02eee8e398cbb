using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// ESI Label extended community (RFC 7432 s7.5): EVPN 0x06/0x01, Flags(1; low-order bit =
/// single-active), Reserved(2), ESI Label(3, raw 24 bits).
/// </summary>
public readonly record struct EsiLabelCommunity(bool SingleActive, uint Label)
{
    public const byte Type = 0x06;
    public const byte SubType = 0x01;
    private const byte SingleActiveFlag = 0x01;

    public static bool TryFrom(ExtendedCommunity community, out EsiLabelCommunity esiLabel)
    {
        esiLabel = default;
        if (community.Type != Type || community.SubType != SubType)
        {
            return false;
        }
        byte flags = (byte)(community.Value >> 40);
        esiLabel = new EsiLabelCommunity((flags & SingleActiveFlag) != 0, (uint)community.Value & 0xFF_FFFF);
        return true;
    }

    public ExtendedCommunity ToExtendedCommunity() =>
        new(((ulong)Type << 56) | ((ulong)SubType << 48) | ((ulong)(SingleActive ? SingleActiveFlag : 0) << 40) | (Label & 0xFF_FFFF));

    public override string ToString() => $"ESI-label:{Label}{(SingleActive ? " single-active" : " all-active")}";
}
