using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Wire;

namespace Evpnd.Evpn.Routing;

/// <summary>
/// The RIB's descriptor for L2VPN/EVPN (AFI 25, SAFI 70): splits an NLRI block into routes
/// (RFC 7432 s7: Route Type(1), Length(1), body) and writes each route's key. Stateless.
/// </summary>
public sealed class EvpnRibFamily : IRibFamily
{
    public static readonly EvpnRibFamily Instance = new();

    // Longest key: type 2 with an IPv6 address = type(1) RD(8) ETag(4) MAC len(1) MAC(6) IP len(1) IP(16).
    private const int LongestKey = 1 + 8 + 4 + 1 + 6 + 1 + 16;

    public AfiSafi Family => AfiSafi.L2vpnEvpn;

    public int MaxKeyLength => LongestKey;

    public NlriReadStatus ReadNlri(ReadOnlySpan<byte> block, out int length)
    {
        length = 0;
        if (block.Length < 2 || block.Length < 2 + block[1])
        {
            return NlriReadStatus.Truncated;
        }
        length = 2 + block[1];
        var codec = EvpnRouteRegistry.Find(block[0]);
        if (codec is null)
        {
            // RFC 7606 s5.4: a route type we do not implement is skipped by its length.
            return NlriReadStatus.Unsupported;
        }
        return codec.IsValidBody(block.Slice(2, block[1])) ? NlriReadStatus.Route : NlriReadStatus.Malformed;
    }

    /// <summary>
    /// Route type, RD and the fields RFC 7432 s7 names as the route's key: type 1 ESI and Ethernet
    /// Tag; type 2 Ethernet Tag, MAC and IP (s7.2: not ESI, not labels); type 3 Ethernet Tag and
    /// originating router IP; type 4 ESI and originating router IP; type 5 (RFC 9136 s3.1)
    /// Ethernet Tag, prefix length and prefix.
    /// </summary>
    public int WriteKey(ReadOnlySpan<byte> nlri, Span<byte> key)
    {
        key[0] = nlri[0];
        var body = nlri.Slice(2, nlri[1]);
        body[..RouteDistinguisher.Length].CopyTo(key[1..]);
        var fields = key[(1 + RouteDistinguisher.Length)..];
        ReadOnlySpan<byte> keyFields;
        switch ((EvpnRouteType)nlri[0])
        {
            case EvpnRouteType.EthernetAutoDiscovery:
                // RD(8) ESI(10) ETag(4) | Label(3)
                keyFields = body[8..22];
                break;
            case EvpnRouteType.MacIpAdvertisement:
                // RD(8) | ESI(10) | ETag(4) MAC len(1) MAC(6) IP len(1) IP | Label1(3) [Label2(3)]
                keyFields = body.Slice(18, 12 + (body[29] / 8));
                break;
            case EvpnRouteType.InclusiveMulticast:
            case EvpnRouteType.EthernetSegment:
                // Type 3: RD(8) ETag(4) IP len(1) IP; type 4: RD(8) ESI(10) IP len(1) IP.
                keyFields = body[8..];
                break;
            case EvpnRouteType.IpPrefix:
                // RD(8) | ESI(10) | ETag(4) prefix len(1) prefix(4/16) | gateway(4/16) Label(3)
                keyFields = body.Slice(18, 5 + (body.Length == 34 ? 4 : 16));
                break;
            default:
                throw new ArgumentException($"EVPN route type {nlri[0]} is not one ReadNlri accepts as a route.", nameof(nlri));
        }
        keyFields.CopyTo(fields);
        return 1 + RouteDistinguisher.Length + keyFields.Length;
    }
}
