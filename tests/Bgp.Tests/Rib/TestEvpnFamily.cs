using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// A small EVPN-shaped descriptor for the RIB's tests (the real one lives in src/Evpn): type(1)
/// length(1) body; type 2 keyed by RD, Ethernet Tag, MAC and IP (not ESI or labels), type 3 by
/// its whole body; other types unsupported; a type-2/3 length no layout has is malformed.
/// </summary>
internal sealed class TestEvpnFamily : IRibFamily
{
    public static readonly TestEvpnFamily Instance = new();

    public AfiSafi Family => AfiSafi.L2vpnEvpn;

    public int MaxKeyLength => 1 + 8 + 4 + 1 + 6 + 1 + 16;

    public NlriReadStatus ReadNlri(ReadOnlySpan<byte> block, out int length)
    {
        length = 0;
        if (block.Length < 2 || 2 + block[1] > block.Length)
        {
            return NlriReadStatus.Truncated;
        }
        length = 2 + block[1];
        return block[0] switch
        {
            2 => block[1] is 33 or 37 or 49 or 36 or 40 or 52 ? NlriReadStatus.Route : NlriReadStatus.Malformed,
            3 => block[1] is 17 or 29 ? NlriReadStatus.Route : NlriReadStatus.Malformed,
            _ => NlriReadStatus.Unsupported,
        };
    }

    public int WriteKey(ReadOnlySpan<byte> nlri, Span<byte> key)
    {
        key[0] = nlri[0];
        var body = nlri[2..];
        if (nlri[0] == 3)
        {
            body.CopyTo(key[1..]);
            return 1 + body.Length;
        }
        // RD(8), skip ESI(10), Ethernet Tag(4), MAC length(1), MAC(6), IP length(1), IP.
        body[..8].CopyTo(key[1..]);
        body.Slice(18, 4 + 1 + 6).CopyTo(key[9..]);
        int ipLength = body[29] / 8;
        body.Slice(29, 1 + ipLength).CopyTo(key[20..]);
        return 21 + ipLength;
    }
}
