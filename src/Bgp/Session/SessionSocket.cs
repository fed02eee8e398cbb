using System.Net;
using System.Net.Sockets;
using Evpnd.Bgp.Session.Interop;

namespace Evpnd.Bgp.Session;

/// <summary>
/// The socket options that secure a session: TCP-MD5 signatures (RFC 2385) and GTSM (RFC 5082),
/// on the connecting socket, the listener and each accepted socket. Errors say what failed
/// without the key.
/// </summary>
internal static class SessionSocket
{
    /// <summary>RFC 5082 s3: we send with the largest TTL, so that a receiver can count the hops.</summary>
    public const int GtsmTtl = 255;

    /// <summary>The smallest TTL a peer at most <paramref name="hops"/> away arrives with (RFC 5082 s3: 255 - (hops - 1)).</summary>
    public static int MinimumTtl(byte hops) => 256 - hops;

    /// <summary>Signs segments to and from <paramref name="peer"/> with its key (TCP_MD5SIG_EXT).</summary>
    public static void SetMd5Key(Socket socket, IPAddress peer, TcpMd5Password password)
    {
        Span<byte> md5sig = stackalloc byte[LinuxTcp.TcpMd5SigSize];
        LinuxTcp.WriteTcpMd5Sig(md5sig, socket.AddressFamily, peer, password.Key);
        try
        {
            socket.SetRawSocketOption(LinuxTcp.SOL_TCP, LinuxTcp.TCP_MD5SIG_EXT, md5sig);
        }
        catch (SocketException ex)
        {
            throw new SocketException((int)ex.SocketErrorCode, $"cannot set the TCP-MD5 key for {peer} (TCP_MD5SIG_EXT): {ex.Message}; the kernel needs CONFIG_TCP_MD5SIG");
        }
        finally
        {
            md5sig.Clear();
        }
    }

    /// <summary>Sends with TTL / hop limit 255; with <paramref name="hops"/>, also drops what arrives from further away.</summary>
    public static void SetGtsm(Socket socket, byte? hops)
    {
        bool v6 = socket.AddressFamily == AddressFamily.InterNetworkV6;
        // An IPv6 socket also carries IPv4-mapped connections; those use the IPv4 options.
        SetInt(socket, LinuxTcp.SOL_IP, LinuxTcp.IP_TTL, GtsmTtl);
        if (v6)
        {
            SetInt(socket, LinuxTcp.SOL_IPV6, LinuxTcp.IPV6_UNICAST_HOPS, GtsmTtl);
        }
        if (hops is not { } h)
        {
            return;
        }
        SetInt(socket, LinuxTcp.SOL_IP, LinuxTcp.IP_MINTTL, MinimumTtl(h));
        if (v6)
        {
            SetInt(socket, LinuxTcp.SOL_IPV6, LinuxTcp.IPV6_MINHOPCOUNT, MinimumTtl(h));
        }
    }

    /// <summary>Keeps each SYN's headers for the accepted socket (TCP_SAVE_SYN), so that GTSM can check its TTL.</summary>
    public static void SaveSyn(Socket listener) => SetInt(listener, LinuxTcp.SOL_TCP, LinuxTcp.TCP_SAVE_SYN, 1);

    /// <summary>The TTL or hop limit the connection's SYN arrived with (once; TCP_SAVED_SYN frees it), or null.</summary>
    public static byte? SynTtl(Socket accepted)
    {
        Span<byte> header = stackalloc byte[128];
        try
        {
            int length = accepted.GetRawSocketOption(LinuxTcp.SOL_TCP, LinuxTcp.TCP_SAVED_SYN, header);
            return LinuxTcp.TtlOfSavedSyn(header[..length]);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static void SetInt(Socket socket, int level, int name, int value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BitConverter.TryWriteBytes(bytes, value);
        socket.SetRawSocketOption(level, name, bytes);
    }
}
