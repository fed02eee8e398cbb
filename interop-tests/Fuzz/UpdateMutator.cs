using System.Buffers.Binary;
using Evpnd.Interop.Tests.Harness.RawBgp;

namespace Evpnd.Interop.Tests.Fuzz;

/// <summary>
/// A seeded mutator of EVPN UPDATEs of the tests' own (no evpnd code: the bytes are laid out here
/// from RFC 4271 s4.3, RFC 4760 s3-4, RFC 7432 s7 and RFC 9136 s3). Each case starts from a valid
/// UPDATE (type-2 MAC only, MAC+IPv4, MAC+IPv6, type-3 with PMSI_TUNNEL, type-5; one to three routes;
/// MP_REACH_NLRI first, then ORIGIN, AS_PATH, EXTENDED_COMMUNITIES, sometimes MED) from
/// <see cref="Origin"/>, and changes one thing about it. The same seed gives the same cases.
/// </summary>
public sealed class UpdateMutator
{
    private const byte MpReach = 14;
    private const byte MpUnreach = 15;

    // Routes of the mutation cases use a handful of MACs and prefixes, so that the kernel does not
    // fill up with what the valid cases announce; the sentinel's MACs are elsewhere (02:5e:...).
    private const ulong MacBase = 0x0277_0000_0000;

    private static readonly MutationKind[] s_kinds = Enum.GetValues<MutationKind>();

    private readonly Random _random;
    private int _case;

    public UpdateMutator(int seed, RawEvpnOrigin origin)
    {
        _random = new Random(seed);
        Origin = origin;
    }

    public RawEvpnOrigin Origin { get; }

    public MutatedUpdate Next()
    {
        var kind = s_kinds[_random.Next(s_kinds.Length)];
        var routes = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => RandomRoute()).ToList();
        var attributes = BaseAttributes(routes);
        string detail;
        byte[] bytes;
        switch (kind)
        {
            case MutationKind.AttributeFlags:
            {
                int i = _random.Next(attributes.Count);
                byte bit = (byte)(0x20 << _random.Next(3)); // partial, transitive or optional
                attributes[i] = attributes[i] with { Flags = (byte)(attributes[i].Flags ^ bit) };
                detail = $"attribute {attributes[i].Type} flags ^ 0x{bit:x2}";
                bytes = Build(attributes);
                break;
            }
            case MutationKind.ExtendedLengthBit:
            {
                int i = _random.Next(attributes.Count);
                bytes = Build(attributes, out var offsets);
                bytes[offsets[i]] ^= 0x10;
                detail = $"attribute {attributes[i].Type} extended-length bit flipped";
                break;
            }
            case MutationKind.AttributeLength:
            {
                int i = _random.Next(attributes.Count);
                int actual = attributes[i].Value.Length;
                int length = Pick(actual - 1, actual + 1, actual - 3, actual + 4, 0, 1, 255, _random.Next(300));
                length = Math.Clamp(length, 0, (attributes[i].Flags & 0x10) != 0 ? 65535 : 255);
                attributes[i] = attributes[i] with { LengthField = length };
                detail = $"attribute {attributes[i].Type} length {actual} -> {length}";
                bytes = Build(attributes);
                break;
            }
            case MutationKind.MpNextHopLength:
            {
                var value = attributes[0].Value;
                byte length = (byte)Pick(0, 1, 3, 5, 8, 15, 16, 17, 31, 32, 33, 255);
                detail = $"next hop length {value[3]} -> {length}";
                value[3] = length;
                bytes = Build(attributes);
                break;
            }
            case MutationKind.EvpnRouteLength:
            {
                int r = _random.Next(routes.Count);
                int actual = routes[r].Length - 2;
                byte length = (byte)Math.Clamp(Pick(actual - 1, actual + 1, actual - 2, actual + 2, 0, 255, _random.Next(256)), 0, 255);
                routes[r][1] = length;
                detail = $"route {r} (type {routes[r][0]}) length {actual} -> {length}";
                bytes = Build(BaseAttributes(routes));
                break;
            }
            case MutationKind.EvpnRouteLengthFramed:
            {
                int r = _random.Next(routes.Count);
                int actual = routes[r].Length - 2;
                int length = Math.Clamp(actual + Pick(-1, 1, -4, 3, 12, -actual), 0, 255);
                var grown = new byte[2 + length];
                routes[r].AsSpan(0, Math.Min(routes[r].Length, grown.Length)).CopyTo(grown);
                grown[1] = (byte)length;
                detail = $"route {r} (type {routes[r][0]}) body {actual} -> {length} bytes";
                routes[r] = grown;
                bytes = Build(BaseAttributes(routes));
                break;
            }
            case MutationKind.EvpnRouteType:
            {
                int r = _random.Next(routes.Count);
                byte type = (byte)Pick(0, 1, 2, 3, 4, 5, 6, 7, 9, 128, 255);
                detail = $"route {r} type {routes[r][0]} -> {type}";
                routes[r][0] = type;
                bytes = Build(BaseAttributes(routes));
                break;
            }
            case MutationKind.MacIpLengthFields:
            {
                // Type 2 body: RD(8) ESI(10) ETag(4) MAC length at 22, MAC(6), IP length at 29.
                var route = routes[0];
                if (route[0] != 2)
                {
                    route = routes[0] = MacIpRoute(_random.Next(3), 32);
                }
                bool mac = _random.Next(2) == 0;
                int at = 2 + (mac ? 22 : 29);
                byte value = mac ? (byte)Pick(0, 8, 47, 49, 96, 255) : (byte)Pick(0, 8, 24, 31, 32, 33, 64, 127, 128, 129, 255);
                detail = $"{(mac ? "MAC" : "IP")} length {route[at]} -> {value}";
                route[at] = value;
                bytes = Build(BaseAttributes(routes));
                break;
            }
            case MutationKind.Truncation:
            {
                var full = Build(attributes);
                // At least the UPDATE's two length fields stay (a shorter message is a header error, not an UPDATE one).
                int length = RawBgpMessages.HeaderLength + 4 + _random.Next(full.Length - RawBgpMessages.HeaderLength - 4);
                bytes = full[..length];
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(16), (ushort)length);
                detail = $"cut to {length} of {full.Length} bytes";
                break;
            }
            case MutationKind.DuplicateAttribute:
            {
                int i = _random.Next(attributes.Count);
                int at = 1 + i + _random.Next(attributes.Count - i);
                attributes.Insert(at, attributes[i] with { Value = (byte[])attributes[i].Value.Clone() });
                detail = $"attribute {attributes[i].Type} again at {at}";
                bytes = Build(attributes);
                break;
            }
            case MutationKind.UnknownAttribute:
            {
                byte type = (byte)Pick(0, 11, 12, 13, 19, 21, 30, 99, 200, 255);
                byte flags = (byte)Pick(0x00, 0x40, 0x80, 0xC0, 0xE0, 0x20, 0x60, 0xA0);
                var value = new byte[_random.Next(9)];
                _random.NextBytes(value);
                int at = _random.Next(attributes.Count + 1);
                attributes.Insert(at, new RawAttribute(flags, type, value));
                detail = $"attribute {type} flags 0x{flags:x2} at {at}";
                bytes = Build(attributes);
                break;
            }
            case MutationKind.FamilyNotNegotiated:
            {
                (ushort afi, byte safi, byte[] nextHop, byte[] nlri) = _random.Next(4) switch
                {
                    0 => ((ushort)1, (byte)1, new byte[] { 10, 255, 0, 11 }, new byte[] { 24, 192, 0, 2 }),
                    1 => ((ushort)2, (byte)1, Ipv6(0x11), new byte[] { 64, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1 }),
                    2 => ((ushort)1, (byte)128, new byte[] { 10, 255, 0, 11 }, RandomBytes(12)),
                    _ => ((ushort)25, (byte)65, new byte[] { 10, 255, 0, 11 }, RandomBytes(10)),
                };
                bool malformed = _random.Next(2) == 0;
                bool unreach = _random.Next(3) == 0;
                byte[] value = unreach
                    ? [(byte)(afi >> 8), (byte)afi, safi, .. malformed ? [33, 1] : nlri]
                    : [(byte)(afi >> 8), (byte)afi, safi, (byte)(nextHop.Length + (malformed ? 1 : 0)), .. nextHop, 0, .. nlri];
                attributes[0] = new RawAttribute(0x80, unreach ? MpUnreach : MpReach, value);
                detail = $"{(unreach ? "MP_UNREACH" : "MP_REACH")} AFI {afi} SAFI {safi}{(malformed ? ", malformed" : "")}";
                bytes = Build(attributes);
                break;
            }
            case MutationKind.PmsiTunnel:
            {
                routes[0] = InclusiveMulticastRoute();
                attributes = BaseAttributes(routes);
                int i = attributes.FindIndex(a => a.Type == 22);
                var pmsi = attributes[i];
                switch (_random.Next(3))
                {
                    case 0:
                        int length = Pick(0, 1, 4, 5, 8, 10, 17, 21, 30);
                        var value = new byte[length];
                        pmsi.Value.AsSpan(0, Math.Min(length, pmsi.Value.Length)).CopyTo(value);
                        attributes[i] = pmsi with { Value = value };
                        detail = $"PMSI length {pmsi.Value.Length} -> {length}";
                        break;
                    case 1:
                        pmsi.Value[1] = (byte)Pick(0, 1, 2, 3, 4, 5, 7, 255);
                        detail = $"PMSI tunnel type -> {pmsi.Value[1]}";
                        break;
                    default:
                        pmsi.Value[0] = (byte)_random.Next(256);
                        detail = $"PMSI flags -> 0x{pmsi.Value[0]:x2}";
                        break;
                }
                bytes = Build(attributes);
                break;
            }
            default:
            {
                bytes = Build(attributes);
                int flips = 1 + _random.Next(4);
                var at = new List<int>();
                for (int f = 0; f < flips; f++)
                {
                    int position = RawBgpMessages.HeaderLength + _random.Next(bytes.Length - RawBgpMessages.HeaderLength);
                    bytes[position] ^= (byte)(1 << _random.Next(8));
                    at.Add(position);
                }
                detail = $"bits flipped at {string.Join(',', at)}";
                break;
            }
        }
        return new MutatedUpdate(_case++, kind, detail, bytes);
    }

    /// <summary>A valid UPDATE announcing one type-2 MAC-only route (the sentinel), laid out by <see cref="RawBgpMessages"/>.</summary>
    public byte[] Sentinel(ulong mac) => RawBgpMessages.MacAnnouncements(Origin, [mac])[0];

    private int Pick(params int[] choices) => choices[_random.Next(choices.Length)];

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] RandomRoute() => _random.Next(5) switch
    {
        0 => MacIpRoute(_random.Next(3), 0),
        1 => MacIpRoute(_random.Next(3), 32),
        2 => MacIpRoute(_random.Next(3), 128),
        3 => InclusiveMulticastRoute(),
        _ => IpPrefixRoute(),
    };

    /// <summary>RD type 1 (RFC 4364 s4.2): the origin's address and number.</summary>
    private void WriteRd(Span<byte> body)
    {
        body[1] = 1;
        Origin.RdAddress.GetAddressBytes().CopyTo(body[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(body[6..], Origin.RdNumber);
    }

    private void WriteLabel(Span<byte> label)
    {
        label[0] = (byte)(Origin.Vni >> 16);
        label[1] = (byte)(Origin.Vni >> 8);
        label[2] = (byte)Origin.Vni;
    }

    /// <summary>Type 2 (RFC 7432 s7.2): RD(8) ESI(10) ETag(4) MAC length(1)=48 MAC(6) IP length(1) IP(0/4/16) Label1(3).</summary>
    private byte[] MacIpRoute(int mac, int ipBits)
    {
        int ipBytes = ipBits / 8;
        var route = new byte[2 + 33 + ipBytes];
        route[0] = 2;
        route[1] = (byte)(33 + ipBytes);
        var body = route.AsSpan(2);
        WriteRd(body);
        body[22] = 48;
        for (int i = 0; i < 6; i++)
        {
            body[23 + i] = (byte)((MacBase + (ulong)mac) >> (8 * (5 - i)));
        }
        body[29] = (byte)ipBits;
        if (ipBits == 32)
        {
            byte[] ip = [192, 168, 100, (byte)(50 + mac)];
            ip.CopyTo(body[30..]);
        }
        else if (ipBits == 128)
        {
            Ipv6((byte)(0x50 + mac)).CopyTo(body[30..]);
        }
        WriteLabel(body[(30 + ipBytes)..]);
        return route;
    }

    /// <summary>Type 3 (RFC 7432 s7.3): RD(8) ETag(4) IP length(1)=32 originating router's IP(4).</summary>
    private byte[] InclusiveMulticastRoute()
    {
        var route = new byte[2 + 17];
        route[0] = 3;
        route[1] = 17;
        var body = route.AsSpan(2);
        WriteRd(body);
        body[12] = 32;
        Origin.Vtep.GetAddressBytes().CopyTo(body[13..]);
        return route;
    }

    /// <summary>Type 5 (RFC 9136 s3.1): RD(8) ESI(10) ETag(4) prefix length(1) prefix(4) gateway(4) label(3).</summary>
    private byte[] IpPrefixRoute()
    {
        var route = new byte[2 + 34];
        route[0] = 5;
        route[1] = 34;
        var body = route.AsSpan(2);
        WriteRd(body);
        body[22] = 24;
        byte[] prefix = [192, 168, 200, 0];
        prefix.CopyTo(body[23..]);
        WriteLabel(body[31..]);
        return route;
    }

    private static byte[] Ipv6(byte last)
    {
        var ip = new byte[16];
        ip[0] = 0xfd;
        ip[1] = 0x10;
        ip[15] = last;
        return ip;
    }

    /// <summary>MP_REACH_NLRI (EVPN, next hop the origin's VTEP), ORIGIN IGP, AS_PATH, EXTENDED_COMMUNITIES (RT, encapsulation), PMSI for a type 3, sometimes MED.</summary>
    private List<RawAttribute> BaseAttributes(List<byte[]> routes)
    {
        var nextHop = Origin.Vtep.GetAddressBytes();
        byte[] mp = [0, 25, 70, (byte)nextHop.Length, .. nextHop, 0, .. routes.SelectMany(r => r)];
        uint asn = Origin.Asn;
        var attributes = new List<RawAttribute>
        {
            new(0x90, MpReach, mp),
            new(0x40, 1, [0]),
            new(0x40, 2, [2, 1, (byte)(asn >> 24), (byte)(asn >> 16), (byte)(asn >> 8), (byte)asn]),
            new(0xC0, 16,
            [
                0x00, 0x02, (byte)(asn >> 8), (byte)asn, 0, (byte)(Origin.Vni >> 16), (byte)(Origin.Vni >> 8), (byte)Origin.Vni,
                0x03, 0x0C, 0, 0, 0, 0, 0, 8,
            ]),
        };
        if (routes.Any(r => r[0] == 3))
        {
            // RFC 6514 s5: flags(1) tunnel type(1)=6 ingress replication, label(3)=VNI, tunnel id = the VTEP.
            attributes.Add(new(0xC0, 22, [0, 6, (byte)(Origin.Vni >> 16), (byte)(Origin.Vni >> 8), (byte)Origin.Vni, .. nextHop]));
        }
        if (_random.Next(4) == 0)
        {
            attributes.Add(new(0x80, 4, [0, 0, 0, 10]));
        }
        return attributes;
    }

    private static byte[] Build(List<RawAttribute> attributes) => Build(attributes, out _);

    /// <summary>The UPDATE: header, Withdrawn Routes Length 0, the attributes, no IPv4 NLRI. <paramref name="offsets"/>: where each attribute's flags byte is.</summary>
    private static byte[] Build(List<RawAttribute> attributes, out List<int> offsets)
    {
        offsets = [];
        var block = new List<byte>();
        foreach (var a in attributes)
        {
            offsets.Add(RawBgpMessages.HeaderLength + 4 + block.Count);
            bool extended = (a.Flags & 0x10) != 0;
            int length = a.LengthField ?? a.Value.Length;
            block.Add(a.Flags);
            block.Add(a.Type);
            if (extended)
            {
                block.Add((byte)(length >> 8));
            }
            block.Add((byte)length);
            block.AddRange(a.Value);
        }
        int total = RawBgpMessages.HeaderLength + 4 + block.Count;
        var message = new byte[total];
        message.AsSpan(0, 16).Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(16), (ushort)total);
        message[18] = RawBgpMessages.Update;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(RawBgpMessages.HeaderLength + 2), (ushort)block.Count);
        block.CopyTo(message, RawBgpMessages.HeaderLength + 4);
        return message;
    }
}
