using System.Runtime.InteropServices;
using static Evpnd.KernelSync.Interop.Interop.Netlink;

namespace Evpnd.KernelSync.Netlink;

/// <summary>Iterates the messages packed into one received datagram.</summary>
internal ref struct NetlinkMessageReader
{
    private ReadOnlySpan<byte> _remaining;

    public NetlinkMessageReader(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
    }

    public bool TryRead(out NetlinkMessage message)
    {
        if (_remaining.Length < NLMSG_HDRLEN)
        {
            message = default;
            return false;
        }

        var header = MemoryMarshal.Read<Interop.Interop.nlmsghdr>(_remaining);
        var length = (int)header.nlmsg_len;
        if (length < NLMSG_HDRLEN || length > _remaining.Length)
        {
            throw new NetlinkProtocolException($"Message claims {length} bytes; {_remaining.Length} remain.");
        }

        message = new NetlinkMessage(header, _remaining[NLMSG_HDRLEN..length]);
        _remaining = _remaining[Math.Min(NLMSG_ALIGN(length), _remaining.Length)..];
        return true;
    }
}
