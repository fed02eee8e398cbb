using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Evpnd.KernelSync.Netlink;

/// <summary>One attribute (type without the NLA_F_* bits, and its value) seen by a reader.</summary>
internal readonly ref struct NetlinkAttribute
{
    public NetlinkAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public ushort Type { get; }

    public ReadOnlySpan<byte> Value { get; }

    public byte GetUInt8() => Value.Length >= 1 ? Value[0] : throw Malformed(1);

    public ushort GetUInt16() => Value.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(Value) : throw Malformed(2);

    public ushort GetUInt16BigEndian() => Value.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Value) : throw Malformed(2);

    public uint GetUInt32() => Value.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Value) : throw Malformed(4);

    public int GetInt32() => (int)GetUInt32();

    /// <summary>A NUL-terminated string (IFLA_IFNAME, IFLA_INFO_KIND, NLMSGERR_ATTR_MSG).</summary>
    public string GetString()
    {
        var end = Value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? Value[..end] : Value);
    }

    /// <summary>An IPv4 or IPv6 address in network byte order.</summary>
    public IPAddress GetAddress() => Value.Length is 4 or 16 ? new IPAddress(Value) : throw Malformed(4);

    public NetlinkAttributeReader GetNested() => new(Value);

    private NetlinkProtocolException Malformed(int wanted) =>
        new($"Attribute {Type} has {Value.Length} bytes; at least {wanted} expected.");
}
