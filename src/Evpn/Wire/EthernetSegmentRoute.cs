using Evpnd.KernelSync;

namespace Evpnd.Evpn.Wire;

/// <summary>Route type 4, Ethernet Segment (RFC 7432 s7.4), used for designated forwarder election.</summary>
public sealed record EthernetSegmentRoute(RouteDistinguisher Rd, EthernetSegmentId Esi, IpAddressValue OriginatingRouter)
    : EvpnRoute(Rd)
{
    private const int IpLengthOffset = 18;
    private const int IpOffset = 19;

    public override EvpnRouteType RouteType => EvpnRouteType.EthernetSegment;

    public override int BodyLength => IpOffset + OriginatingRouter.ByteLength;

    /// <summary>RFC 7432 s7.4: IP length 32 or 128 and a body of 23 or 35 octets to match.</summary>
    internal static bool IsValidBody(ReadOnlySpan<byte> body) =>
        body.Length > IpLengthOffset &&
        ((body[IpLengthOffset] == 32 && body.Length == IpOffset + 4) || (body[IpLengthOffset] == 128 && body.Length == IpOffset + 16));

    /// <summary>
    /// RFC 7432 s7.4:
    /// +---------------------------------------+
    /// |  RD (8 octets)                        |
    /// +---------------------------------------+
    /// |Ethernet Segment Identifier (10 octets)|
    /// +---------------------------------------+
    /// |  IP Address Length (1 octet)          |
    /// +---------------------------------------+
    /// |  Originating Router's IP Address      |
    /// |          (4 or 16 octets)             |
    /// +---------------------------------------+
    /// </summary>
    internal static EvpnRoute Decode(ReadOnlySpan<byte> body) => new EthernetSegmentRoute(
        RouteDistinguisher.Read(body),
        EthernetSegmentId.Read(body[8..]),
        IpAddressValue.Read(body[IpOffset..]));

    protected override void WriteBody(Span<byte> destination)
    {
        if (OriginatingRouter.IsNone)
        {
            throw new InvalidOperationException("A type-4 route needs an originating router address (RFC 7432 s7.4).");
        }
        Rd.Write(destination);
        Esi.Write(destination[8..]);
        destination[IpLengthOffset] = (byte)OriginatingRouter.BitLength;
        OriginatingRouter.Write(destination[IpOffset..]);
    }
}
