using System.Buffers.Binary;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// Reads an UPDATE frame (header included) in place, without allocating: the hot path of the
/// session's read loop. Call <see cref="Validate"/> first and act on its <see cref="UpdateErrorAction"/>;
/// then walk <see cref="WithdrawnRoutes"/>, <see cref="Attributes"/>, <see cref="Nlri"/> and the MP
/// attributes. Decoding into records is <see cref="UpdateMessage.Decode"/>.
/// </summary>
/// <remarks>
/// RFC 4271 s4.3:
/// +-----------------------------------------------------+
/// |   Withdrawn Routes Length (2 octets)                |
/// +-----------------------------------------------------+
/// |   Withdrawn Routes (variable)                       |
/// +-----------------------------------------------------+
/// |   Total Path Attribute Length (2 octets)            |
/// +-----------------------------------------------------+
/// |   Path Attributes (variable)                        |
/// +-----------------------------------------------------+
/// |   Network Layer Reachability Information (variable) |
/// +-----------------------------------------------------+
/// </remarks>
public readonly ref struct UpdateReader
{
    public UpdateReader(ReadOnlySpan<byte> frame)
    {
        Frame = frame;
        var body = frame.Length >= BgpHeader.Length ? frame[BgpHeader.Length..] : default;
        if (body.Length < 4)
        {
            return;
        }
        int withdrawnLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        if (4 + withdrawnLength > body.Length)
        {
            return;
        }
        int attributesLength = BinaryPrimitives.ReadUInt16BigEndian(body[(2 + withdrawnLength)..]);
        if (4 + withdrawnLength + attributesLength > body.Length)
        {
            return;
        }
        WithdrawnRoutesField = body.Slice(2, withdrawnLength);
        PathAttributesField = body.Slice(4 + withdrawnLength, attributesLength);
        NlriField = body[(4 + withdrawnLength + attributesLength)..];
        LengthsAreConsistent = true;
    }

    public ReadOnlySpan<byte> Frame { get; }

    /// <summary>
    /// False when Withdrawn Routes Length or Total Path Attribute Length overrun the message; the
    /// fields are then empty and <see cref="Validate"/> reports a session reset (3/1).
    /// </summary>
    public bool LengthsAreConsistent { get; }

    public ReadOnlySpan<byte> WithdrawnRoutesField { get; }

    public ReadOnlySpan<byte> PathAttributesField { get; }

    public ReadOnlySpan<byte> NlriField { get; }

    /// <summary>The withdrawn IPv4 prefixes.</summary>
    public Ipv4PrefixEnumerator WithdrawnRoutes => new(WithdrawnRoutesField);

    /// <summary>The announced IPv4 prefixes (the NLRI field).</summary>
    public Ipv4PrefixEnumerator Nlri => new(NlriField);

    /// <summary>The path attributes, first occurrence of each type only.</summary>
    public PathAttributeEnumerator Attributes => new(PathAttributesField);

    /// <summary>Checks the UPDATE per RFC 7606; allocates only when it finds an error.</summary>
    public UpdateValidation Validate(UpdateCodecOptions options) => UpdateValidator.Validate(this, options);

    /// <summary>The first attribute of the given type.</summary>
    public bool TryGetAttribute(byte typeCode, out RawPathAttribute attribute)
    {
        foreach (var a in Attributes)
        {
            if (a.TypeCode == typeCode)
            {
                attribute = a;
                return true;
            }
        }
        attribute = default;
        return false;
    }

    /// <summary>The MP_REACH_NLRI attribute, if present and well framed.</summary>
    public bool TryGetMpReach(out MpReachView reach)
    {
        reach = default;
        if (!TryGetAttribute((byte)PathAttributeType.MpReachNlri, out var a) || a.Value.Length < 5 || a.Value.Length < 5 + a.Value[3])
        {
            return false;
        }
        var v = a.Value;
        reach = new MpReachView(new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(v), v[2]), v.Slice(4, v[3]), v[(5 + v[3])..]);
        return true;
    }

    /// <summary>The MP_UNREACH_NLRI attribute, if present and well framed.</summary>
    public bool TryGetMpUnreach(out MpUnreachView unreach)
    {
        unreach = default;
        if (!TryGetAttribute((byte)PathAttributeType.MpUnreachNlri, out var a) || a.Value.Length < 3)
        {
            return false;
        }
        unreach = new MpUnreachView(new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(a.Value), a.Value[2]), a.Value[3..]);
        return true;
    }

    /// <summary>
    /// End-of-RIB (RFC 4724 s2): for IPv4 unicast an UPDATE with nothing in it; for any other family
    /// one whose only content is an empty MP_UNREACH_NLRI of that family.
    /// </summary>
    public bool IsEndOfRib(out AfiSafi family)
    {
        family = default;
        if (!LengthsAreConsistent || !WithdrawnRoutesField.IsEmpty || !NlriField.IsEmpty)
        {
            return false;
        }
        if (PathAttributesField.IsEmpty)
        {
            family = AfiSafi.Ipv4Unicast;
            return true;
        }
        if (!RawPathAttribute.TryRead(PathAttributesField, out var only) ||
            only.Encoded.Length != PathAttributesField.Length ||
            only.TypeCode != (byte)PathAttributeType.MpUnreachNlri || only.Value.Length != 3)
        {
            return false;
        }
        family = new AfiSafi(BinaryPrimitives.ReadUInt16BigEndian(only.Value), only.Value[2]);
        return true;
    }
}
