using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Wire;

namespace Evpnd.Bench.Rib;

/// <summary>
/// A minimal EVPN descriptor for the RIB (no branch has the real one in src/Evpn yet): route
/// lengths checked by evpnd's own per-type codecs (<see cref="EvpnRouteRegistry"/>); the key of a
/// type-2 route is its type, RD, Ethernet Tag, MAC and IP (RFC 7432 s7.2: ESI and labels are not
/// part of the route's identity), other types are keyed by their whole body.
/// </summary>
internal sealed class BenchEvpnRibFamily : IRibFamily
{
    public static readonly BenchEvpnRibFamily Instance = new();

    public AfiSafi Family => AfiSafi.L2vpnEvpn;

    // Type 4, the longest key kept whole: type(1) + RD(8) + ESI(10) + IP length(1) + IPv6(16).
    public int MaxKeyLength => 1 + 255;

    public NlriReadStatus ReadNlri(ReadOnlySpan<byte> block, out int length)
    {
        length = 0;
        if (block.Length < 2 || 2 + block[1] > block.Length)
        {
            return NlriReadStatus.Truncated;
        }

        length = 2 + block[1];
        var codec = EvpnRouteRegistry.Find(block[0]);
        if (codec is null)
        {
            return NlriReadStatus.Unsupported;
        }

        return codec.IsValidBody(block.Slice(2, block[1])) ? NlriReadStatus.Route : NlriReadStatus.Malformed;
    }

    public int WriteKey(ReadOnlySpan<byte> nlri, Span<byte> key)
    {
        key[0] = nlri[0];
        var body = nlri[2..];
        if (nlri[0] != (byte)EvpnRouteType.MacIpAdvertisement)
        {
            body.CopyTo(key[1..]);
            return 1 + body.Length;
        }

        // RD(8), skip ESI(10), Ethernet Tag(4), MAC length(1), MAC(6), IP length(1), IP.
        body[..8].CopyTo(key[1..]);
        body.Slice(18, 4 + 1 + 6).CopyTo(key[9..]);
        var ipLength = body[29] / 8;
        body.Slice(29, 1 + ipLength).CopyTo(key[20..]);
        return 21 + ipLength;
    }
}
