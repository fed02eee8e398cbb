namespace Evpnd.Evpn.Wire;

/// <summary>EVPN route types this speaker decodes (RFC 7432 s7, RFC 9136 s3). Others are skipped.</summary>
public enum EvpnRouteType : byte
{
    EthernetAutoDiscovery = 1,
    MacIpAdvertisement = 2,
    InclusiveMulticast = 3,
    EthernetSegment = 4,
    IpPrefix = 5,
}
