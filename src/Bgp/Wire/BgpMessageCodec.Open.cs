using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

public static partial class BgpMessageCodec
{
    private const byte CapabilitiesParameterType = 2;
    private const int OpenFixedBodyLength = 10;

    /// <summary>
    /// OPEN body (RFC 4271 s4.2), optional parameters in the RFC 9072 extended form when the
    /// length byte and the first parameter type are both 255.
    /// </summary>
    /// <remarks>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+
    /// |    Version    |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |     My Autonomous System      |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |           Hold Time           |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                         BGP Identifier                        |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// | Opt Parm Len  |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |             Optional Parameters (variable)                    |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///
    /// Optional parameter: Parm. Type(1) Parm. Length(1, or 2 per RFC 9072) Parm. Value.
    /// Capabilities parameter (type 2, RFC 5492 s4): Code(1) Length(1) Value, repeated.
    /// </remarks>
    private static OpenMessage DecodeOpen(ReadOnlySpan<byte> body)
    {
        byte version = body[0];
        if (version != 4)
        {
            // RFC 4271 s6.2: the data is the largest locally supported version, 2 octets.
            throw new BgpProtocolException(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnsupportedVersionNumber,
                $"Unsupported BGP version {version}.", [0, 4]);
        }
        var myAs = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        var holdTime = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);
        if (holdTime is 1 or 2)
        {
            // RFC 4271 s6.2: the hold time must be zero or at least three seconds.
            throw new BgpProtocolException(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnacceptableHoldTime,
                $"Unacceptable hold time {holdTime}.");
        }
        var identifier = BinaryPrimitives.ReadUInt32BigEndian(body[5..]);
        int optLength = body[9];
        var parameters = body[OpenFixedBodyLength..];
        bool extended = false;
        if (optLength == 255 && parameters.Length > 0 && parameters[0] == 255)
        {
            // RFC 9072 s2: Non-Ext OP Type 255 announces a 2-octet Extended Opt. Parm. Length.
            if (parameters.Length < 3)
            {
                throw MalformedOpen("Truncated extended optional parameters length.");
            }
            extended = true;
            optLength = BinaryPrimitives.ReadUInt16BigEndian(parameters[1..]);
            parameters = parameters[3..];
        }
        if (optLength != parameters.Length)
        {
            throw MalformedOpen($"Optional parameters length {optLength} does not match the {parameters.Length} bytes present.");
        }

        var capabilities = ImmutableArray.CreateBuilder<Capability>();
        var perParameter = ImmutableArray.CreateBuilder<int>();
        int headerLength = extended ? 3 : 2;
        while (!parameters.IsEmpty)
        {
            if (parameters.Length < headerLength)
            {
                throw MalformedOpen("Truncated optional parameter header.");
            }
            byte type = parameters[0];
            int length = extended ? BinaryPrimitives.ReadUInt16BigEndian(parameters[1..]) : parameters[1];
            if (parameters.Length < headerLength + length)
            {
                throw MalformedOpen($"Optional parameter {type} of length {length} overruns the OPEN.");
            }
            if (type != CapabilitiesParameterType)
            {
                // RFC 4271 s6.2; RFC 5492 made type 2 the only one in use.
                throw new BgpProtocolException(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnsupportedOptionalParameter,
                    $"Unsupported optional parameter type {type}.");
            }
            var before = capabilities.Count;
            DecodeCapabilities(parameters.Slice(headerLength, length), capabilities);
            perParameter.Add(capabilities.Count - before);
            parameters = parameters[(headerLength + length)..];
        }
        return new OpenMessage(myAs, holdTime, identifier, capabilities.ToImmutable(), version)
        {
            CapabilitiesPerParameter = perParameter.Count == 1 ? [] : perParameter.ToImmutable(),
            UsesExtendedParameters = extended,
        };
    }

    private static BgpProtocolException MalformedOpen(string message) =>
        new(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.Unspecific, message);

    /// <summary>
    /// The capabilities in one Capabilities optional parameter (RFC 5492 s4).
    /// </summary>
    /// <remarks>
    /// +------------------------------+
    /// | Capability Code (1 octet)    |
    /// +------------------------------+
    /// | Capability Length (1 octet)  |
    /// +------------------------------+
    /// | Capability Value (variable)  |
    /// ~                              ~
    /// +------------------------------+
    /// </remarks>
    private static void DecodeCapabilities(ReadOnlySpan<byte> value, ImmutableArray<Capability>.Builder into)
    {
        while (!value.IsEmpty)
        {
            if (value.Length < 2 || value.Length < 2 + value[1])
            {
                // RFC 5492 gives no subcode for a truncated capability: OPEN Message Error/Unspecific.
                throw MalformedOpen("Truncated capability.");
            }
            byte code = value[0];
            var data = value.Slice(2, value[1]);
            into.Add(DecodeCapability(code, data));
            value = value[(2 + data.Length)..];
        }
    }

    private static Capability DecodeCapability(byte code, ReadOnlySpan<byte> data)
    {
        switch ((CapabilityCode)code)
        {
            case CapabilityCode.Multiprotocol:
                // RFC 4760 s8: AFI(2) Reserved(1) SAFI(1).
                RequireLength(code, data, data.Length == 4);
                return new MultiprotocolCapability(new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(data), data[3]));
            case CapabilityCode.RouteRefresh:
                RequireLength(code, data, data.IsEmpty);
                return RouteRefreshCapability.Instance;
            case CapabilityCode.EnhancedRouteRefresh:
                RequireLength(code, data, data.IsEmpty);
                return EnhancedRouteRefreshCapability.Instance;
            case CapabilityCode.ExtendedMessage:
                RequireLength(code, data, data.IsEmpty);
                return ExtendedMessageCapability.Instance;
            case CapabilityCode.FourOctetAs:
                // RFC 6793 s3: the 4-octet AS number.
                RequireLength(code, data, data.Length == 4);
                return new FourOctetAsCapability(BinaryPrimitives.ReadUInt32BigEndian(data));
            case CapabilityCode.GracefulRestart:
            {
                // RFC 4724 s3: Restart Flags(4 bits) Restart Time(12 bits), then AFI(2) SAFI(1) Flags(1).
                RequireLength(code, data, data.Length >= 2 && (data.Length - 2) % 4 == 0);
                var head = BinaryPrimitives.ReadUInt16BigEndian(data);
                var families = ImmutableArray.CreateBuilder<GracefulRestartFamily>((data.Length - 2) / 4);
                for (var rest = data[2..]; !rest.IsEmpty; rest = rest[4..])
                {
                    families.Add(new GracefulRestartFamily(
                        new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(rest), rest[2]), (rest[3] & 0x80) != 0));
                }
                return new GracefulRestartCapability((head & 0x8000) != 0, (head & 0x4000) != 0, (ushort)(head & 0x0FFF),
                    families.MoveToImmutable());
            }
            case CapabilityCode.AddPath:
            {
                // RFC 7911 s4: AFI(2) SAFI(1) Send/Receive(1), repeated.
                RequireLength(code, data, data.Length % 4 == 0);
                var families = ImmutableArray.CreateBuilder<(AfiSafi, AddPathMode)>(data.Length / 4);
                for (var rest = data; !rest.IsEmpty; rest = rest[4..])
                {
                    families.Add((new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(rest), rest[2]), (AddPathMode)rest[3]));
                }
                return new AddPathCapability(families.MoveToImmutable());
            }
            default:
                return new UnknownCapability(code, [.. data]);
        }
    }

    private static void RequireLength(byte code, ReadOnlySpan<byte> data, bool ok)
    {
        if (!ok)
        {
            throw MalformedOpen($"Capability {code} has a malformed length {data.Length}.");
        }
    }

    private static int GetCapabilityValueLength(Capability capability) => capability switch
    {
        MultiprotocolCapability => 4,
        FourOctetAsCapability => 4,
        GracefulRestartCapability gr => 2 + 4 * gr.Families.Length,
        AddPathCapability ap => 4 * ap.Families.Length,
        UnknownCapability u => u.Value.Length,
        _ => 0,
    };

    private static int WriteCapability(Capability capability, Span<byte> destination)
    {
        int length = GetCapabilityValueLength(capability);
        if (length > 255)
        {
            throw new ArgumentException($"Capability {capability.Code} is longer than 255 bytes.");
        }
        destination[0] = capability.Code;
        destination[1] = (byte)length;
        var value = destination[2..];
        switch (capability)
        {
            case MultiprotocolCapability mp:
                BinaryPrimitives.WriteUInt16BigEndian(value, mp.Family.Afi);
                value[2] = 0;
                value[3] = mp.Family.Safi;
                break;
            case FourOctetAsCapability four:
                BinaryPrimitives.WriteUInt32BigEndian(value, four.Asn);
                break;
            case GracefulRestartCapability gr:
                BinaryPrimitives.WriteUInt16BigEndian(value,
                    (ushort)((gr.RestartState ? 0x8000 : 0) | (gr.NotificationSupport ? 0x4000 : 0) | (gr.RestartTimeSeconds & 0x0FFF)));
                for (int i = 0; i < gr.Families.Length; i++)
                {
                    var f = value.Slice(2 + 4 * i, 4);
                    BinaryPrimitives.WriteUInt16BigEndian(f, gr.Families[i].Family.Afi);
                    f[2] = gr.Families[i].Family.Safi;
                    f[3] = gr.Families[i].ForwardingPreserved ? (byte)0x80 : (byte)0;
                }
                break;
            case AddPathCapability ap:
                for (int i = 0; i < ap.Families.Length; i++)
                {
                    var f = value.Slice(4 * i, 4);
                    BinaryPrimitives.WriteUInt16BigEndian(f, ap.Families[i].Family.Afi);
                    f[2] = ap.Families[i].Family.Safi;
                    f[3] = (byte)ap.Families[i].Mode;
                }
                break;
            case UnknownCapability u:
                u.Value.AsSpan().CopyTo(value);
                break;
        }
        return 2 + length;
    }

    /// <summary>How the capabilities are split into optional parameters: counts per parameter.</summary>
    private static ImmutableArray<int> ParameterSplit(OpenMessage open)
    {
        var split = open.CapabilitiesPerParameter;
        if (split.IsDefaultOrEmpty || split.Sum() != open.Capabilities.Length)
        {
            // One Capabilities parameter holding all of them, as FRR sends it.
            return open.Capabilities.IsDefaultOrEmpty ? [] : [open.Capabilities.Length];
        }
        return split;
    }

    private static int GetParametersLength(OpenMessage open, bool extended)
    {
        int total = 0;
        int next = 0;
        foreach (var count in ParameterSplit(open))
        {
            total += extended ? 3 : 2;
            for (int i = 0; i < count; i++)
            {
                total += 2 + GetCapabilityValueLength(open.Capabilities[next++]);
            }
        }
        return total;
    }

    private static bool UsesExtendedParameters(OpenMessage open) =>
        open.UsesExtendedParameters || GetParametersLength(open, extended: false) > 255;

    private static int GetOpenBodyLength(OpenMessage open)
    {
        bool extended = UsesExtendedParameters(open);
        return OpenFixedBodyLength + (extended ? 3 : 0) + GetParametersLength(open, extended);
    }

    private static void WriteOpenBody(OpenMessage open, Span<byte> body)
    {
        bool extended = UsesExtendedParameters(open);
        int parametersLength = GetParametersLength(open, extended);
        body[0] = open.Version;
        BinaryPrimitives.WriteUInt16BigEndian(body[1..], open.MyAs);
        BinaryPrimitives.WriteUInt16BigEndian(body[3..], open.HoldTime);
        BinaryPrimitives.WriteUInt32BigEndian(body[5..], open.BgpIdentifier);
        int pos = OpenFixedBodyLength;
        if (extended)
        {
            // RFC 9072 s2.
            body[9] = 255;
            body[pos] = 255;
            BinaryPrimitives.WriteUInt16BigEndian(body[(pos + 1)..], (ushort)parametersLength);
            pos += 3;
        }
        else
        {
            body[9] = (byte)parametersLength;
        }
        int next = 0;
        foreach (var count in ParameterSplit(open))
        {
            int start = pos;
            body[pos] = CapabilitiesParameterType;
            pos += extended ? 3 : 2;
            for (int i = 0; i < count; i++)
            {
                pos += WriteCapability(open.Capabilities[next++], body[pos..]);
            }
            int length = pos - start - (extended ? 3 : 2);
            if (extended)
            {
                BinaryPrimitives.WriteUInt16BigEndian(body[(start + 1)..], (ushort)length);
            }
            else
            {
                body[start + 1] = checked((byte)length);
            }
        }
    }
}
