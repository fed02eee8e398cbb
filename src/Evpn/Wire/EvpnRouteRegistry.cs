namespace Evpnd.Evpn.Wire;

/// <summary>
/// Route type code -> codec. A type with no row is skipped by its length (RFC 7606 s5.4: unknown
/// types of a typed NLRI are discarded, not an error; types 6-11 exist, RFC 9251 and others).
/// </summary>
internal static class EvpnRouteRegistry
{
    private static readonly EvpnRouteCodec?[] s_codecs = Build();

    public static EvpnRouteCodec? Find(byte routeType) => s_codecs[routeType];

    private static EvpnRouteCodec?[] Build()
    {
        var table = new EvpnRouteCodec?[256];
        Add(new(EvpnRouteType.EthernetAutoDiscovery, EthernetAutoDiscoveryRoute.IsValidBody, EthernetAutoDiscoveryRoute.Decode));
        Add(new(EvpnRouteType.MacIpAdvertisement, MacIpAdvertisementRoute.IsValidBody, MacIpAdvertisementRoute.Decode));
        Add(new(EvpnRouteType.InclusiveMulticast, InclusiveMulticastRoute.IsValidBody, InclusiveMulticastRoute.Decode));
        Add(new(EvpnRouteType.EthernetSegment, EthernetSegmentRoute.IsValidBody, EthernetSegmentRoute.Decode));
        Add(new(EvpnRouteType.IpPrefix, IpPrefixRoute.IsValidBody, IpPrefixRoute.Decode));
        return table;

        void Add(EvpnRouteCodec codec) => table[(byte)codec.Type] = codec;
    }
}
