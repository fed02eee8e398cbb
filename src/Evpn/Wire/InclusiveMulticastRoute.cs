using Evpnd.KernelSync;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// Route type 3, Inclusive Multicast Ethernet Tag (RFC 7432 s7.3): announces a VTEP's membership of
/// a broadcast domain; the tunnel to use comes in the PMSI Tunnel attribute.
/// </summary>
public sealed record InclusiveMulticastRoute(RouteDistinguisher Rd, EthernetTag EthernetTag, IpAddressValue OriginatingRouter)
    : EvpnRoute(Rd)
{
    private const int IpLengthOffset = 12;
    private const int IpOffset = 13;

    public override EvpnRouteType RouteType => EvpnRouteType.InclusiveMulticast;

    public override int BodyLength => IpOffset + OriginatingRouter.ByteLength;

    /// <summary>RFC 7432 s7.3: IP length 32 or 128 and a body of 17 or 29 octets to match.</summary>
    internal static bool IsValidBody(ReadOnlySpan<byte> body) =>
        body.Length > IpLengthOffset &&
        ((body[IpLengthOffset] == 32 && body.Length == IpOffset + 4) || (body[IpLengthOffset] == 128 && body.Length == IpOffset + 16));

    /// <summary>
    /// RFC 7432 s7.3:
    /// +---------------------------------------+
    /// |  RD (8 octets)                        |
    /// +---------------------------------------+
    /// |  Ethernet Tag ID (4 octets)           |
    /// +---------------------------------------+
    /// |  IP Address Length (1 octet)          |
    /// +---------------------------------------+
    /// |  Originating Router's IP Address      |
    /// |          (4 or 16 octets)             |
    /// +---------------------------------------+
    /// </summary>
    internal static EvpnRoute Decode(ReadOnlySpan<byte> body) => new InclusiveMulticastRoute(
        RouteDistinguisher.Read(body),
        EthernetTag.Read(body[8..]),
        IpAddressValue.Read(body[IpOffset..]));

    /// <summary>The originating router, read in place. Body must be valid.</summary>
    internal static IpAddressValue ReadOriginatingRouter(ReadOnlySpan<byte> body) => IpAddressValue.Read(body[IpOffset..]);

    protected override void WriteBody(Span<byte> destination)
    {
        if (OriginatingRouter.IsNone)
        {
            throw new InvalidOperationException("A type-3 route needs an originating router address (RFC 7432 s7.3).");
        }
        Rd.Write(destination);
        EthernetTag.Write(destination[8..]);
        destination[IpLengthOffset] = (byte)OriginatingRouter.BitLength;
        OriginatingRouter.Write(destination[IpOffset..]);
    }
}
