using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// ARP/ND extended community (RFC 9047 s2): EVPN 0x06/0x08, Flags(1), Reserved(5). In the flags
/// octet (bit 0 most significant) bit 7 is R (router, the NA's R flag), bit 6 is O (override) and
/// bit 4 is I (immutable ARP/ND binding); so R = 0x01, O = 0x02, I = 0x08. FRR sends R for IPv6
/// neighbours flagged as routers (tests/Vectors: "ND: 0x0100").
/// </summary>
public readonly record struct ArpNdCommunity(bool Router, bool Override, bool Immutable)
{
    public const byte Type = 0x06;
    public const byte SubType = 0x08;
    private const byte RouterFlag = 0x01;
    private const byte OverrideFlag = 0x02;
    private const byte ImmutableFlag = 0x08;

    public byte Flags => (byte)((Router ? RouterFlag : 0) | (Override ? OverrideFlag : 0) | (Immutable ? ImmutableFlag : 0));

    public static bool TryFrom(ExtendedCommunity community, out ArpNdCommunity arpNd)
    {
        arpNd = default;
        if (community.Type != Type || community.SubType != SubType)
        {
            return false;
        }
        byte flags = (byte)(community.Value >> 40);
        arpNd = new ArpNdCommunity((flags & RouterFlag) != 0, (flags & OverrideFlag) != 0, (flags & ImmutableFlag) != 0);
        return true;
    }

    public ExtendedCommunity ToExtendedCommunity() => new(((ulong)Type << 56) | ((ulong)SubType << 48) | ((ulong)Flags << 40));

    public override string ToString() => $"ND:{(Router ? " Router" : "")}{(Override ? " Override" : "")}{(Immutable ? " Immutable" : "")}";
}
