using System.Buffers.Binary;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// Builds one UPDATE in a caller's buffer, packing as many NLRI as fit the negotiated maximum
/// (4096, or 65535 with RFC 8654) under one attribute set. Order of calls: withdrawn IPv4 prefixes,
/// path attributes, at most one MP_REACH/MP_UNREACH (written last, its NLRI appended with
/// <see cref="TryAddMpNlri"/>), then IPv4 NLRI. When a Try call returns false the message is full:
/// send <see cref="Complete"/>, call <see cref="ClearNlri"/> and go on adding to a fresh message
/// that keeps the same attributes (BIRD's bucket packing, without re-encoding them).
/// </summary>
public ref struct UpdateWriter
{
    private const int WithdrawnLengthAt = BgpHeader.Length;

    private readonly Span<byte> _buffer;
    private int _pos;
    private Phase _phase;
    private int _attributesLengthAt;
    private int _mpAttributeAt;
    private int _nlriStart;
    private int _ipv4NlriStart;

    private enum Phase
    {
        Withdrawn,
        Attributes,
        MpNlri,
        Ipv4Nlri,
    }

    /// <param name="buffer">At least the maximum message length; only that much of it is used.</param>
    /// <param name="options">The negotiated maximum message length (the AS size for attributes).</param>
    public UpdateWriter(Span<byte> buffer, UpdateCodecOptions options)
    {
        Options = options;
        _buffer = buffer[..Math.Min(buffer.Length, options.EffectiveMaxMessageLength)];
        if (_buffer.Length < BgpHeader.Length + 4)
        {
            throw new ArgumentException("The buffer cannot hold an UPDATE.", nameof(buffer));
        }
        _pos = WithdrawnLengthAt + 2;
        _mpAttributeAt = -1;
        _nlriStart = -1;
        _ipv4NlriStart = -1;
    }

    public UpdateCodecOptions Options { get; }

    /// <summary>Withdrawn prefixes, MP NLRI and IPv4 NLRI added to this message.</summary>
    public int RouteCount { get; private set; }

    /// <summary>Bytes used so far.</summary>
    public readonly int Length => _pos;

    public bool TryAddWithdrawn(Ipv4Prefix prefix)
    {
        Require(_phase == Phase.Withdrawn, "Withdrawn routes come before the path attributes.");
        if (_pos + prefix.EncodedLength + 2 > _buffer.Length)
        {
            return false;
        }
        _pos += prefix.Write(_buffer[_pos..]);
        RouteCount++;
        return true;
    }

    /// <summary>Adds one attribute (not MP_REACH/MP_UNREACH: use <see cref="BeginMpReach"/>).</summary>
    public bool TryAddAttribute(PathAttribute attribute)
    {
        EnterAttributes();
        Require(_phase == Phase.Attributes, "Path attributes come before the NLRI.");
        int length = attribute.GetEncodedLength(Options);
        if (_pos + length > _buffer.Length)
        {
            return false;
        }
        _pos += attribute.Write(_buffer[_pos..], Options);
        return true;
    }

    /// <summary>Adds already encoded attributes, e.g. <see cref="PathAttributeSet.Encoded"/>.</summary>
    public bool TryAddAttributes(ReadOnlySpan<byte> encoded)
    {
        EnterAttributes();
        Require(_phase == Phase.Attributes, "Path attributes come before the NLRI.");
        if (_pos + encoded.Length > _buffer.Length)
        {
            return false;
        }
        encoded.CopyTo(_buffer[_pos..]);
        _pos += encoded.Length;
        return true;
    }

    /// <summary>
    /// Opens MP_REACH_NLRI (RFC 4760 s3) as the last attribute, Extended Length so that it can grow
    /// past 255 bytes; its NLRI follow with <see cref="TryAddMpNlri"/>.
    /// </summary>
    public void BeginMpReach(AfiSafi family, ReadOnlySpan<byte> nextHop)
    {
        BeginMp(PathAttributeType.MpReachNlri, family, 5 + nextHop.Length);
        _buffer[_pos - 2 - nextHop.Length] = (byte)nextHop.Length;
        nextHop.CopyTo(_buffer[(_pos - 1 - nextHop.Length)..]);
        _buffer[_pos - 1] = 0;
    }

    /// <summary>Opens MP_UNREACH_NLRI (RFC 4760 s4) as the last attribute; withdrawn NLRI follow.</summary>
    public void BeginMpUnreach(AfiSafi family) => BeginMp(PathAttributeType.MpUnreachNlri, family, 3);

    private void BeginMp(PathAttributeType type, AfiSafi family, int fixedLength)
    {
        EnterAttributes();
        Require(_phase == Phase.Attributes, "Only one MP_REACH/MP_UNREACH per UPDATE, before the IPv4 NLRI.");
        if (_pos + 4 + fixedLength > _buffer.Length)
        {
            throw new ArgumentException("The attributes leave no room for the MP attribute.");
        }
        _mpAttributeAt = _pos;
        _buffer[_pos] = (byte)(PathAttributeFlags.Optional | PathAttributeFlags.ExtendedLength);
        _buffer[_pos + 1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_pos + 4)..], family.Afi);
        _buffer[_pos + 6] = family.Safi;
        _pos += 4 + fixedLength;
        _phase = Phase.MpNlri;
        _nlriStart = _pos;
    }

    /// <summary>Appends one encoded NLRI to the open MP attribute; false when the message is full.</summary>
    public bool TryAddMpNlri(ReadOnlySpan<byte> nlri)
    {
        Require(_phase == Phase.MpNlri, "No MP_REACH/MP_UNREACH is open.");
        if (_pos + nlri.Length > _buffer.Length)
        {
            return false;
        }
        nlri.CopyTo(_buffer[_pos..]);
        _pos += nlri.Length;
        RouteCount++;
        return true;
    }

    /// <summary>Appends one IPv4 prefix to the NLRI field; false when the message is full.</summary>
    public bool TryAddNlri(Ipv4Prefix prefix)
    {
        if (_phase != Phase.Ipv4Nlri)
        {
            EnterAttributes();
            _ipv4NlriStart = _pos;
            if (_nlriStart < 0)
            {
                _nlriStart = _pos;
            }
            _phase = Phase.Ipv4Nlri;
        }
        if (_pos + prefix.EncodedLength > _buffer.Length)
        {
            return false;
        }
        _pos += prefix.Write(_buffer[_pos..]);
        RouteCount++;
        return true;
    }

    /// <summary>Fills in the lengths and returns the finished message, header included.</summary>
    public ReadOnlySpan<byte> Complete()
    {
        EnterAttributes();
        int attributesEnd = _phase == Phase.Ipv4Nlri ? _ipv4NlriStart : _pos;
        if (_mpAttributeAt >= 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_mpAttributeAt + 2)..], (ushort)(attributesEnd - _mpAttributeAt - 4));
        }
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_attributesLengthAt..], (ushort)(attributesEnd - _attributesLengthAt - 2));
        BgpMessageCodec.WriteHeader(_buffer, _pos, BgpMessageType.Update);
        return _buffer[.._pos];
    }

    /// <summary>
    /// Drops the NLRI added so far, keeping withdrawn routes, attributes and the open MP attribute
    /// header, so the next message carries more routes under the same attributes.
    /// </summary>
    public void ClearNlri()
    {
        if (_nlriStart < 0)
        {
            return;
        }
        _pos = _nlriStart;
        _phase = _mpAttributeAt >= 0 ? Phase.MpNlri : Phase.Attributes;
        if (_mpAttributeAt < 0)
        {
            _nlriStart = -1;
        }
        _ipv4NlriStart = -1;
        RouteCount = 0;
    }

    /// <summary>
    /// Writes End-of-RIB for a family (RFC 4724 s2) and returns its length: 23 bytes for IPv4
    /// unicast, else 30 (an empty MP_UNREACH_NLRI).
    /// </summary>
    public static int WriteEndOfRib(Span<byte> destination, AfiSafi family)
    {
        var writer = new UpdateWriter(destination, UpdateCodecOptions.Default);
        if (family != AfiSafi.Ipv4Unicast)
        {
            writer.BeginMpUnreach(family);
        }
        return writer.Complete().Length;
    }

    private void EnterAttributes()
    {
        if (_phase == Phase.Withdrawn)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[WithdrawnLengthAt..], (ushort)(_pos - WithdrawnLengthAt - 2));
            _attributesLengthAt = _pos;
            _pos += 2;
            _phase = Phase.Attributes;
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
