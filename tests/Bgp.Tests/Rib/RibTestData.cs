using System.Buffers.Binary;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>Routes and UPDATEs for the RIB tests, built with the codec's writer.</summary>
internal static class RibTestData
{
    public const uint LocalAs = 65001;
    public const uint RouterId = 0x0A000001;

    public static readonly AfiSafi Evpn = AfiSafi.L2vpnEvpn;

    public static RibOptions Options(uint localAs = LocalAs) => new()
    {
        LocalAs = localAs,
        RouterId = RouterId,
        Families = [TestEvpnFamily.Instance],
    };

    /// <summary>A 35-byte EVPN type-2 NLRI (MAC only, 33-byte body) for MAC number <paramref name="mac"/> under RD 10.0.0.<paramref name="rd"/>:1.</summary>
    public static byte[] Type2(int mac, byte rd = 2, int vni = 100, byte esi = 0)
    {
        var nlri = new byte[35];
        nlri[0] = 2;
        nlri[1] = 33;
        var body = nlri.AsSpan(2);
        body[0] = 0;
        body[1] = 1;
        body[2] = 10;
        body[5] = rd;
        body[7] = 1;
        body[8] = esi;
        body[22] = 48;
        body[23] = 0x02;
        BinaryPrimitives.WriteInt32BigEndian(body[25..], mac);
        body[29] = 0;
        body[30] = (byte)(vni >> 16);
        body[31] = (byte)(vni >> 8);
        body[32] = (byte)vni;
        return nlri;
    }

    public static byte[] Vtep(byte last) => [10, 255, 0, last];

    public static List<PathAttribute> Attributes(params uint[] asPath) =>
        [new OriginAttribute(Origin.Igp), AsPathAttribute.Sequence(asPath)];

    public static string Hex(byte[] nlri) => Convert.ToHexString(nlri);

    /// <summary>UPDATEs announcing the routes under one attribute set, as many per message as fit.</summary>
    public static List<byte[]> Announce(IEnumerable<PathAttribute> attributes, byte[] nextHop, IEnumerable<byte[]> nlri, bool fourOctetAs = true)
    {
        var options = new UpdateCodecOptions(fourOctetAs);
        var frames = new List<byte[]>();
        var buffer = new byte[BgpHeader.MaxMessageLength];
        var writer = new UpdateWriter(buffer, options);
        foreach (var attribute in attributes)
        {
            writer.TryAddAttribute(attribute);
        }
        writer.BeginMpReach(Evpn, nextHop);
        foreach (var route in nlri)
        {
            if (!writer.TryAddMpNlri(route))
            {
                frames.Add(writer.Complete().ToArray());
                writer.ClearNlri();
                writer.TryAddMpNlri(route);
            }
        }
        frames.Add(writer.Complete().ToArray());
        return frames;
    }

    public static byte[] Announce(IEnumerable<PathAttribute> attributes, byte[] nextHop, params byte[][] nlri) =>
        Announce(attributes, nextHop, (IEnumerable<byte[]>)nlri).Single();

    /// <summary>An UPDATE whose path attributes are the given raw bytes, then an MP_REACH_NLRI.</summary>
    public static byte[] AnnounceRaw(byte[] rawAttributes, byte[] nextHop, params byte[][] nlri)
    {
        var buffer = new byte[BgpHeader.MaxMessageLength];
        var writer = new UpdateWriter(buffer, UpdateCodecOptions.Default);
        writer.TryAddAttributes(rawAttributes);
        writer.BeginMpReach(Evpn, nextHop);
        foreach (var route in nlri)
        {
            writer.TryAddMpNlri(route);
        }
        return writer.Complete().ToArray();
    }

    public static byte[] Withdraw(params byte[][] nlri)
    {
        var buffer = new byte[BgpHeader.MaxMessageLength];
        var writer = new UpdateWriter(buffer, UpdateCodecOptions.Default);
        writer.BeginMpUnreach(Evpn);
        foreach (var route in nlri)
        {
            writer.TryAddMpNlri(route);
        }
        return writer.Complete().ToArray();
    }
}
