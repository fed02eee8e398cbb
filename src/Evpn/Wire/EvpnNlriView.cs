using Evpnd.KernelSync;

namespace Evpnd.Evpn.Wire;

/// <summary>
/// One EVPN route in place in the UPDATE, already checked for its type's length rules. The typed
/// accessors read fields without allocating; <see cref="Decode"/> builds the record.
/// </summary>
public readonly ref struct EvpnNlriView
{
    internal EvpnNlriView(EvpnRouteType type, ReadOnlySpan<byte> body, ReadOnlySpan<byte> encoded)
    {
        Type = type;
        Body = body;
        Encoded = encoded;
    }

    public EvpnRouteType Type { get; }

    /// <summary>The route type specific octets.</summary>
    public ReadOnlySpan<byte> Body { get; }

    /// <summary>The whole NLRI: type, length and body.</summary>
    public ReadOnlySpan<byte> Encoded { get; }

    /// <summary>Every EVPN route type starts with its RD (RFC 7432 s7, RFC 9136 s3.1).</summary>
    public RouteDistinguisher Rd => RouteDistinguisher.Read(Body);

    /// <summary>The key of a type-2 route (RD, Ethernet Tag, MAC, IP).</summary>
    public MacIpRouteKey MacIpKey => Type == EvpnRouteType.MacIpAdvertisement
        ? MacIpAdvertisementRoute.ReadKey(Body)
        : throw new InvalidOperationException($"A {Type} route has no MAC/IP key.");

    /// <summary>Label1 of a type-2 route (the L2 VNI with VXLAN).</summary>
    public uint MacIpLabel1 => Type == EvpnRouteType.MacIpAdvertisement
        ? EvpnLabel.Read(Body[(30 + (Body[29] / 8))..])
        : throw new InvalidOperationException($"A {Type} route has no MAC/IP label.");

    /// <summary>The ESI of a type 1, 2, 4 or 5 route.</summary>
    public EthernetSegmentId Esi => Type != EvpnRouteType.InclusiveMulticast
        ? EthernetSegmentId.Read(Body[8..])
        : throw new InvalidOperationException("A type-3 route has no ESI.");

    /// <summary>The originating router of a type-3 route.</summary>
    public IpAddressValue InclusiveMulticastOriginator => Type == EvpnRouteType.InclusiveMulticast
        ? InclusiveMulticastRoute.ReadOriginatingRouter(Body)
        : throw new InvalidOperationException($"A {Type} route is not an Inclusive Multicast route.");

    /// <summary>Builds the immutable record (allocates).</summary>
    public EvpnRoute Decode() => EvpnRouteRegistry.Find((byte)Type)!.Decode(Body);
}
