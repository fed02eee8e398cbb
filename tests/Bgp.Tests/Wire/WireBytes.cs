using System.Buffers;
using System.Buffers.Binary;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Wire;

/// <summary>Builds raw BGP bytes by hand, so tests can also build what the codec would refuse to.</summary>
internal static class WireBytes
{
    public static byte[] Hex(string hex) =>
        Convert.FromHexString(new string(hex.Where(Uri.IsHexDigit).ToArray()));

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static byte[] Message(byte type, ReadOnlySpan<byte> body, int? lengthField = null)
    {
        var frame = new byte[19 + body.Length];
        frame.AsSpan(0, 16).Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)(lengthField ?? frame.Length));
        frame[18] = type;
        body.CopyTo(frame.AsSpan(19));
        return frame;
    }

    public static byte[] Update(byte[] withdrawn, byte[] attributes, byte[] nlri)
    {
        var body = new List<byte>();
        body.Add((byte)(withdrawn.Length >> 8));
        body.Add((byte)withdrawn.Length);
        body.AddRange(withdrawn);
        body.Add((byte)(attributes.Length >> 8));
        body.Add((byte)attributes.Length);
        body.AddRange(attributes);
        body.AddRange(nlri);
        return Message(2, body.ToArray());
    }

    public static byte[] Block(params byte[][] attributes) => attributes.SelectMany(a => a).ToArray();

    public static byte[] Attr(byte flags, byte type, params byte[] value)
    {
        if ((flags & 0x10) != 0)
        {
            return [flags, type, (byte)(value.Length >> 8), (byte)value.Length, .. value];
        }
        return [flags, type, (byte)value.Length, .. value];
    }

    public static byte[] OriginAttr(byte value = 0) => Attr(0x40, 1, value);

    /// <summary>AS_PATH with one AS_SEQUENCE of 4-octet ASes.</summary>
    public static byte[] AsPath4(params uint[] asns)
    {
        var value = new List<byte> { 2, (byte)asns.Length };
        foreach (var asn in asns)
        {
            value.AddRange([(byte)(asn >> 24), (byte)(asn >> 16), (byte)(asn >> 8), (byte)asn]);
        }
        return Attr(0x40, 2, value.ToArray());
    }

    public static byte[] NextHop(byte a, byte b, byte c, byte d) => Attr(0x40, 3, a, b, c, d);

    /// <summary>An EVPN type-3 route (RD 1:1 type 1, etag 0, originator 10.0.0.1): 17 bytes after Type/Length.</summary>
    public static byte[] EvpnImet(byte last = 1) =>
        [3, 17, 0, 1, 10, 0, 0, last, 0, 1, 0, 0, 0, 0, 32, 10, 0, 0, last];

    public static byte[] MpReachEvpn(params byte[][] nlri) =>
        Attr(0x90, 14, [0, 25, 70, 4, 10, 0, 0, 1, 0, .. nlri.SelectMany(n => n)]);

    public static byte[] Frame(BgpMessage message, UpdateCodecOptions? options = null)
    {
        var writer = new ArrayBufferWriter<byte>();
        BgpMessageCodec.Write(message, writer, options ?? UpdateCodecOptions.Default);
        return writer.WrittenSpan.ToArray();
    }

    public static BgpProtocolException? ReadFrameError(byte[] bytes, int maxLength = BgpHeader.MaxMessageLength)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        try
        {
            BgpMessageCodec.TryReadFrame(ref sequence, maxLength, out _, out _);
            return null;
        }
        catch (BgpProtocolException e)
        {
            return e;
        }
    }
}
