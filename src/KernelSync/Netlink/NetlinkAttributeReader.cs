using System.Buffers.Binary;
using static Evpnd.KernelSync.Interop.Interop.Netlink;

namespace Evpnd.KernelSync.Netlink;

/// <summary>
/// Iterates the attributes of a message or of a nested attribute.
/// </summary>
/// <remarks>
/// <code>
/// +-----------------+-----------------+----------------------------+
/// | nla_len (2)     | nla_type (2)    | value, padded to 4 bytes   |
/// +-----------------+-----------------+----------------------------+
/// nla_len counts header and value, not the padding; the top bits of nla_type are
/// NLA_F_NESTED and NLA_F_NET_BYTEORDER.
/// </code>
/// </remarks>
internal ref struct NetlinkAttributeReader
{
    private ReadOnlySpan<byte> _remaining;

    public NetlinkAttributeReader(ReadOnlySpan<byte> attributes)
    {
        _remaining = attributes;
    }

    public bool TryRead(out NetlinkAttribute attribute)
    {
        if (_remaining.Length < NLA_HDRLEN)
        {
            attribute = default;
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(_remaining);
        var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_remaining[2..]) & NLA_TYPE_MASK);
        if (length < NLA_HDRLEN || length > _remaining.Length)
        {
            throw new NetlinkProtocolException($"Attribute {type} claims {length} bytes; {_remaining.Length} remain.");
        }

        attribute = new NetlinkAttribute(type, _remaining[NLA_HDRLEN..length]);
        var advance = Math.Min(NLA_ALIGN(length), _remaining.Length);
        _remaining = _remaining[advance..];
        return true;
    }
}
