using Evpnd.Bgp.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// EVPN Router's MAC extended community (RFC 9135 s8.1): EVPN 0x06/0x03, the MAC of the VTEP's
/// router (inner destination MAC for symmetric IRB).
/// </summary>
public readonly record struct RoutersMacCommunity(MacAddress Mac)
{
    public const byte Type = 0x06;
    public const byte SubType = 0x03;

    public static bool TryFrom(ExtendedCommunity community, out RoutersMacCommunity routersMac)
    {
        routersMac = default;
        if (community.Type != Type || community.SubType != SubType)
        {
            return false;
        }
        routersMac = new RoutersMacCommunity(new MacAddress(community.Value & 0xFFFF_FFFF_FFFFUL));
        return true;
    }

    public ExtendedCommunity ToExtendedCommunity() => new(((ulong)Type << 56) | ((ulong)SubType << 48) | Mac.Value);

    public override string ToString() => $"Rmac:{Mac}";
}
