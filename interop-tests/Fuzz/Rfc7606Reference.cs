using System.Buffers.Binary;

namespace Evpnd.Interop.Tests.Fuzz;

/// <summary>
/// An independent reading of RFC 7606 for the live mutation run (no evpnd code): it walks an
/// UPDATE as the RFCs lay it out and says whether any error in it allows a session reset. Errors
/// that only call for treat-as-withdraw or attribute discard (s3 (a)-(f), s7.1-s7.10, s7.14, the
/// PMSI tunnel of RFC 6514 s5 as RFC 7606 s7 reads optional attributes) allow none.
/// </summary>
/// <remarks>
/// The attributes a speaker "recognises" (RFC 4271 s6.3 Unrecognized Well-known Attribute) are
/// those evpnd implements: 1-10, 14-18, 22. Only L2VPN/EVPN (AFI 25, SAFI 70) is negotiated;
/// an MP attribute of another family is ignored (RFC 4760 s7, the choice evpnd makes, as FRR).
/// </remarks>
public static class Rfc7606Reference
{
    private const byte MalformedAttributeList = 1;
    private const byte UnrecognizedWellKnown = 2;
    private const byte AttributeFlagsError = 4;
    private const byte AttributeLengthError = 5;
    private const byte OptionalAttributeError = 9;
    private const byte InvalidNetworkField = 10;

    private static readonly HashSet<byte> s_recognised = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 22];

    public static Rfc7606Verdict Judge(byte[] message)
    {
        var body = message.AsSpan(19);
        // RFC 4271 s6.3 / RFC 7606 s4: lengths that do not add up leave nothing to withdraw.
        int withdrawnLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        if (2 + withdrawnLength + 2 > body.Length)
        {
            return Reset("Withdrawn Routes Length overruns the message", MalformedAttributeList);
        }
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(body[(2 + withdrawnLength)..]);
        if (4 + withdrawnLength + totalLength > body.Length)
        {
            return Reset("Total Path Attribute Length overruns the message", MalformedAttributeList);
        }
        // RFC 7606 s2: with several errors the strongest action wins, and each error that allows a
        // reset names its own subcode, so all of them are collected.
        var found = new Found();
        // RFC 7606 s5.3: a prefix that cannot be parsed.
        if (!Ipv4PrefixesParse(body.Slice(2, withdrawnLength)) || !Ipv4PrefixesParse(body[(4 + withdrawnLength + totalLength)..]))
        {
            found.Add("an IPv4 prefix in Withdrawn Routes or NLRI cannot be parsed", InvalidNetworkField, MalformedAttributeList);
        }
        var rest = body.Slice(4 + withdrawnLength, totalLength);
        var seen = new HashSet<byte>();
        bool mpSeen = false;
        while (!rest.IsEmpty)
        {
            byte flags = rest[0];
            int header = (flags & 0x10) != 0 ? 4 : 3;
            if (rest.Length < header || rest.Length < header + Length(rest, header))
            {
                // RFC 7606 s4: treat-as-withdraw when the MP attributes were found; if not, the NLRI
                // of the UPDATE cannot be known.
                if (!mpSeen)
                {
                    found.Add("an attribute overruns the block before any MP attribute", MalformedAttributeList, AttributeLengthError);
                }
                break;
            }
            byte type = rest[1];
            var value = rest.Slice(header, Length(rest, header));
            rest = rest[(header + value.Length)..];
            bool isMp = type is 14 or 15;
            if (!seen.Add(type))
            {
                // s3 (g): MP_REACH/MP_UNREACH twice is Malformed Attribute List; other repeats are dropped.
                if (isMp)
                {
                    found.Add($"attribute {type} twice", MalformedAttributeList);
                }
                continue;
            }
            if (!s_recognised.Contains(type))
            {
                if ((flags & 0x80) == 0)
                {
                    found.Add($"unrecognised well-known attribute {type}", UnrecognizedWellKnown);
                }
                continue;
            }
            if (!isMp)
            {
                continue;
            }
            mpSeen = true;
            if ((flags & 0xC0) != 0x80)
            {
                // s3 (c): the attribute's own error handling, which for MP_* is a session reset.
                found.Add($"MP attribute {type} with flags 0x{flags:x2}", AttributeFlagsError, OptionalAttributeError);
                continue;
            }
            if (value.Length < 3)
            {
                found.Add($"MP attribute {type} of {value.Length} bytes", OptionalAttributeError, AttributeLengthError);
                continue;
            }
            int afi = BinaryPrimitives.ReadUInt16BigEndian(value);
            if ((afi, value[2]) != (25, 70))
            {
                continue;
            }
            ReadOnlySpan<byte> nlri;
            if (type == 14)
            {
                // s7.11: AFI(2) SAFI(1) next hop length(1) next hop reserved(1) NLRI.
                if (value.Length < 5 || value.Length < 5 + value[3])
                {
                    found.Add("MP_REACH next hop overruns the attribute", OptionalAttributeError, AttributeLengthError);
                    continue;
                }
                if (value[3] is not (4 or 16 or 32))
                {
                    found.Add($"MP_REACH next hop length {value[3]} for EVPN", OptionalAttributeError);
                    continue;
                }
                nlri = value[(5 + value[3])..];
            }
            else
            {
                nlri = value[3..];
            }
            if (EvpnNlriError(nlri) is { } error)
            {
                found.Add($"EVPN NLRI: {error}", OptionalAttributeError, InvalidNetworkField, MalformedAttributeList);
            }
        }
        return found.Verdict();
    }

    private static int Length(ReadOnlySpan<byte> attribute, int header) =>
        header == 4 ? BinaryPrimitives.ReadUInt16BigEndian(attribute[2..]) : attribute[2];

    private static bool Ipv4PrefixesParse(ReadOnlySpan<byte> field)
    {
        while (!field.IsEmpty)
        {
            if (field[0] > 32 || field.Length < 1 + (field[0] + 7) / 8)
            {
                return false;
            }
            field = field[(1 + (field[0] + 7) / 8)..];
        }
        return true;
    }

    /// <summary>
    /// RFC 7432 s7 framing and each known type's layout (s7.1-s7.4, RFC 9136 s3.1): a route that
    /// cannot be parsed is s5.3's syntactically incorrect NLRI. Unknown types are skipped (s5.4).
    /// </summary>
    private static string? EvpnNlriError(ReadOnlySpan<byte> nlri)
    {
        while (!nlri.IsEmpty)
        {
            if (nlri.Length < 2 || nlri.Length < 2 + nlri[1])
            {
                return "a route overruns the field";
            }
            var body = nlri.Slice(2, nlri[1]);
            bool ok = nlri[0] switch
            {
                // RD(8) ESI(10) ETag(4) MPLS label(3)
                1 => body.Length == 25,
                // RD(8) ESI(10) ETag(4) MAC len(1)=48 MAC(6) IP len(1) IP label1(3) [label2(3)]
                2 => body.Length >= 30 && body[22] == 48 && body[29] is 0 or 32 or 128 &&
                    body.Length - 30 - body[29] / 8 is 3 or 6,
                // RD(8) ETag(4) IP len(1) IP
                3 => body.Length >= 13 && body[12] is 32 or 128 && body.Length == 13 + body[12] / 8,
                // RD(8) ESI(10) IP len(1) IP
                4 => body.Length >= 19 && body[18] is 32 or 128 && body.Length == 19 + body[18] / 8,
                // RD(8) ESI(10) ETag(4) prefix len(1) prefix, gateway of 4 or 16 octets, label(3)
                5 => (body.Length == 34 && body[22] <= 32) || (body.Length == 58 && body[22] <= 128),
                _ => true,
            };
            if (!ok)
            {
                return $"type {nlri[0]} route of {body.Length} bytes is not laid out as its type says";
            }
            nlri = nlri[(2 + nlri[1])..];
        }
        return null;
    }

    /// <summary>The reset-class errors found so far in one UPDATE.</summary>
    private sealed class Found
    {
        private readonly HashSet<byte> _subcodes = [];
        private readonly List<string> _why = [];

        public void Add(string why, params byte[] subcodes)
        {
            _why.Add(why);
            _subcodes.UnionWith(subcodes);
        }

        public Rfc7606Verdict Verdict() => _why.Count == 0
            ? NoReset("nothing that calls for a session reset")
            : new(true, _subcodes, string.Join("; ", _why));
    }

    private static Rfc7606Verdict Reset(string why, params byte[] subcodes) => new(true, subcodes.ToHashSet(), why);

    private static Rfc7606Verdict NoReset(string why) => Rfc7606Verdict.NoReset with { Why = why };
}
