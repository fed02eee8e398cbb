using Evpnd.Bgp.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// ES-Import Route Target (RFC 7432 s7.6): EVPN 0x06/0x02, the 6 high-order octets of the ESI
/// value (a MAC address for ESI types 1 and 3), carried by Ethernet Segment routes.
/// </summary>
public readonly record struct EsImportRouteTarget(MacAddress Value)
{
    public const byte Type = 0x06;
    public const byte SubType = 0x02;

    public static bool TryFrom(ExtendedCommunity community, out EsImportRouteTarget esImport)
    {
        esImport = default;
        if (community.Type != Type || community.SubType != SubType)
        {
            return false;
        }
        esImport = new EsImportRouteTarget(new MacAddress(community.Value & 0xFFFF_FFFF_FFFFUL));
        return true;
    }

    public ExtendedCommunity ToExtendedCommunity() => new(((ulong)Type << 56) | ((ulong)SubType << 48) | Value.Value);

    public override string ToString() => $"ES-Import-Rt:{Value}";
}
