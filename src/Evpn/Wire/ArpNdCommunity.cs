using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// ARP/ND extended community (RFC 9047 s2): EVPN 0x06/0x08, Flags(1), Reserved(5). In the flags
/// octet (bit 0 most significant) bit 7 is R (router, the NA's R flag), bit 6 is O (override) and
/// bit 4 is I (immutable ARP/ND binding); so R = 0x01, O = 0x02, I = 0x08, as FRR defines R and O.
/// FRR sends R for IPv6 neighbours flagged as routers (tests/Vectors: "ND: 0x0100"). Other bits
/// (FRR uses 0x04 for "proxy") are kept as received.
/// </summary>
public readonly record struct ArpNdCommunity(byte Flags)
{
    public const byte Type = 0x06;
    public const byte SubType = 0x08;
    public const byte RouterFlag = 0x01;
    public const byte OverrideFlag = 0x02;
    public const byte ImmutableFlag = 0x08;

    public bool Router => (Flags & RouterFlag) != 0;

    public bool Override => (Flags & OverrideFlag) != 0;

    public bool Immutable => (Flags & ImmutableFlag) != 0;

    public static ArpNdCommunity Create(bool router, bool @override = false, bool immutable = false) =>
        new((byte)((router ? RouterFlag : 0) | (@override ? OverrideFlag : 0) | (immutable ? ImmutableFlag : 0)));

    public static bool TryFrom(ExtendedCommunity community, out ArpNdCommunity arpNd)
    {
        arpNd = default;
        if (community.Type != Type || community.SubType != SubType)
        {
            return false;
        }
        arpNd = new ArpNdCommunity((byte)(community.Value >> 40));
        return true;
    }

    public ExtendedCommunity ToExtendedCommunity() => new(((ulong)Type << 56) | ((ulong)SubType << 48) | ((ulong)Flags << 40));

    public override string ToString() => $"ND:{(Router ? " Router" : "")}{(Override ? " Override" : "")}{(Immutable ? " Immutable" : "")} (0x{Flags:x2})";
}
