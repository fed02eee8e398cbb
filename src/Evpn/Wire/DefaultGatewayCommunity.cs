using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// Default Gateway extended community (RFC 7432 s7.8): transitive opaque 0x03/0x0D, value all
/// zeros. Marks a MAC/IP route of a gateway (FRR: <c>advertise-default-gw</c>).
/// </summary>
public readonly record struct DefaultGatewayCommunity
{
    public const byte Type = 0x03;
    public const byte SubType = 0x0D;

    public static bool Is(ExtendedCommunity community) => community.Type == Type && community.SubType == SubType;

    public ExtendedCommunity ToExtendedCommunity() => new(((ulong)Type << 56) | ((ulong)SubType << 48));

    public override string ToString() => "Default Gateway";
}
