using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// An UPDATE as records (RFC 4271 s4.3): withdrawn IPv4 prefixes, path attributes in wire order,
/// announced IPv4 prefixes. The hot path reads UPDATEs with <see cref="UpdateReader"/> instead and
/// writes them with <see cref="UpdateWriter"/>; this model is for tests, tools and the odd message.
/// </summary>
public sealed record UpdateMessage(
    ImmutableArray<Ipv4Prefix> Withdrawn,
    ImmutableArray<PathAttribute> Attributes,
    ImmutableArray<Ipv4Prefix> Nlri) : BgpMessage
{
    public override BgpMessageType Type => BgpMessageType.Update;

    /// <summary>An UPDATE carrying only path attributes (MP_REACH/MP_UNREACH families).</summary>
    public UpdateMessage(ImmutableArray<PathAttribute> attributes)
        : this([], attributes, [])
    {
    }

    /// <summary>
    /// End-of-RIB for a family (RFC 4724 s2): an empty UPDATE for IPv4 unicast; otherwise an UPDATE
    /// whose only attribute is an empty MP_UNREACH_NLRI of the family (for EVPN: 25/70).
    /// </summary>
    public static UpdateMessage EndOfRib(AfiSafi family) => family == AfiSafi.Ipv4Unicast
        ? new UpdateMessage([], [], [])
        : new UpdateMessage([new MpUnreachNlriAttribute(family, [])]);

    /// <summary>Decodes an UPDATE frame (header included) and reports what RFC 7606 says to do with it.</summary>
    public static UpdateMessage Decode(ReadOnlySpan<byte> frame, UpdateCodecOptions options, out UpdateValidation validation)
    {
        var reader = new UpdateReader(frame);
        validation = reader.Validate(options);
        if (!reader.LengthsAreConsistent)
        {
            return new UpdateMessage([], [], []);
        }
        return new UpdateMessage(
            ReadPrefixes(reader.WithdrawnRoutes),
            PathAttributeDecoding.Decode(reader.PathAttributesField, options, validation.Discarded),
            ReadPrefixes(reader.Nlri));
    }

    private static ImmutableArray<Ipv4Prefix> ReadPrefixes(Ipv4PrefixEnumerator prefixes)
    {
        var list = ImmutableArray.CreateBuilder<Ipv4Prefix>();
        foreach (var prefix in prefixes)
        {
            list.Add(prefix);
        }
        return list.ToImmutable();
    }

    /// <summary>The first attribute of type <typeparamref name="T"/>.</summary>
    public T? Get<T>() where T : PathAttribute
    {
        foreach (var attribute in Attributes)
        {
            if (attribute is T match)
            {
                return match;
            }
        }
        return null;
    }

    /// <summary>See <see cref="UpdateReader.IsEndOfRib"/>.</summary>
    public bool IsEndOfRib(out AfiSafi family)
    {
        family = default;
        if (!Withdrawn.IsDefaultOrEmpty || !Nlri.IsDefaultOrEmpty)
        {
            return false;
        }
        if (Attributes.IsDefaultOrEmpty)
        {
            family = AfiSafi.Ipv4Unicast;
            return true;
        }
        if (Attributes.Length == 1 && Attributes[0] is MpUnreachNlriAttribute { Withdrawn.IsDefaultOrEmpty: true } eor)
        {
            family = eor.Family;
            return true;
        }
        return false;
    }

    /// <summary>The message length, header included.</summary>
    public int GetEncodedLength(UpdateCodecOptions options)
    {
        int length = BgpHeader.Length + 4;
        foreach (var p in Withdrawn.AsSpan())
        {
            length += p.EncodedLength;
        }
        foreach (var a in Attributes.AsSpan())
        {
            length += a.GetEncodedLength(options);
        }
        foreach (var p in Nlri.AsSpan())
        {
            length += p.EncodedLength;
        }
        return length;
    }

    internal void WriteBody(Span<byte> body, UpdateCodecOptions options)
    {
        int pos = 2;
        foreach (var p in Withdrawn.AsSpan())
        {
            pos += p.Write(body[pos..]);
        }
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)(pos - 2));
        int attributesStart = pos + 2;
        pos = attributesStart;
        foreach (var a in Attributes.AsSpan())
        {
            pos += a.Write(body[pos..], options);
        }
        BinaryPrimitives.WriteUInt16BigEndian(body[(attributesStart - 2)..], (ushort)(pos - attributesStart));
        foreach (var p in Nlri.AsSpan())
        {
            pos += p.Write(body[pos..]);
        }
    }

    public bool Equals(UpdateMessage? other) =>
        other is not null && ArrayEquality.Equal(Withdrawn, other.Withdrawn) &&
        ArrayEquality.Equal(Attributes, other.Attributes) && ArrayEquality.Equal(Nlri, other.Nlri);

    public override int GetHashCode() => HashCode.Combine(Withdrawn.Length, Attributes.Length, Nlri.Length);
}
