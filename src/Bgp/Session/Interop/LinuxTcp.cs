using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Evpnd.Bgp.Session.Interop;

/// <summary>
/// Socket option numbers and the struct tcp_md5sig layout, spelled as in include/uapi/linux/in.h,
/// in6.h and tcp.h (tcp(7), ip(7), ipv6(7)).
/// </summary>
internal static class LinuxTcp
{
    public const int SOL_IP = 0;
    public const int SOL_TCP = 6;
    public const int SOL_IPV6 = 41;

    public const int IP_TTL = 2;
    public const int IP_MINTTL = 21;
    public const int IPV6_UNICAST_HOPS = 16;
    public const int IPV6_MINHOPCOUNT = 73;

    public const int TCP_MD5SIG_EXT = 32;
    public const int TCP_SAVE_SYN = 27;
    public const int TCP_SAVED_SYN = 28;

    private const ushort AF_INET = 2;
    private const ushort AF_INET6 = 10;

    /// <summary>sizeof(struct tcp_md5sig): sockaddr_storage (128), flags, prefixlen, keylen (2), ifindex (4), key (80).</summary>
    public const int TcpMd5SigSize = 128 + 1 + 1 + 2 + 4 + TcpMd5Password.MaxLength;

    /// <summary>
    /// Fills a struct tcp_md5sig for one peer, no prefix or ifindex flags: the key applies to that
    /// address exactly. An IPv4 peer on an IPv6 socket is given as ::ffff:a.b.c.d, which the kernel
    /// turns into an IPv4 key (tcp_v6_parse_md5_keys).
    /// </summary>
    public static void WriteTcpMd5Sig(Span<byte> md5sig, AddressFamily socketFamily, IPAddress peer, ReadOnlySpan<byte> key)
    {
        md5sig[..TcpMd5SigSize].Clear();
        if (socketFamily == AddressFamily.InterNetwork)
        {
            // struct sockaddr_in: family (host order), port, address.
            BinaryPrimitives.WriteUInt16LittleEndian(md5sig, AF_INET);
            (peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer).TryWriteBytes(md5sig[4..8], out _);
        }
        else
        {
            // struct sockaddr_in6: family, port, flowinfo, address, scope id.
            BinaryPrimitives.WriteUInt16LittleEndian(md5sig, AF_INET6);
            var address = peer.AddressFamily == AddressFamily.InterNetwork ? peer.MapToIPv6() : peer;
            address.TryWriteBytes(md5sig[8..24], out _);
        }
        BinaryPrimitives.WriteUInt16LittleEndian(md5sig[130..], (ushort)key.Length);
        key.CopyTo(md5sig[136..]);
    }

    /// <summary>
    /// The TTL (IPv4) or hop limit (IPv6) in the IP header at the start of a saved SYN
    /// (TCP_SAVED_SYN returns the network and TCP headers); null when there is none.
    /// </summary>
    public static byte? TtlOfSavedSyn(ReadOnlySpan<byte> header) => header.IsEmpty ? null : (header[0] >> 4) switch
    {
        4 when header.Length >= 20 => header[8],
        6 when header.Length >= 40 => header[7],
        _ => null,
    };
}
