using System.Net;
using System.Net.Sockets;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Session.Interop;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>
/// The kernel-facing pieces of TCP-MD5, GTSM and maximum-prefix: struct tcp_md5sig as
/// include/uapi/linux/tcp.h lays it out, the TTL of a saved SYN, the netstat counters, and the
/// Cease 6/1 data of RFC 4486 s4. The options themselves are set on real sockets.
/// </summary>
public sealed class SessionSocketTests
{
    [Test]
    public void TcpMd5Sig_ForAnIPv4PeerOnAnIPv4Socket_IsASockaddrIn()
    {
        var md5sig = new byte[LinuxTcp.TcpMd5SigSize];

        LinuxTcp.WriteTcpMd5Sig(md5sig, AddressFamily.InterNetwork, IPAddress.Parse("10.0.0.1"), "key"u8);

        Assert.Multiple(() =>
        {
            Assert.That(md5sig, Has.Length.EqualTo(216));
            Assert.That(Convert.ToHexString(md5sig, 0, 8), Is.EqualTo("020000000A000001"));
            Assert.That(md5sig[130], Is.EqualTo(3), "tcpm_keylen");
            Assert.That(Convert.ToHexString(md5sig, 136, 3), Is.EqualTo("6B6579"));
        });
    }

    [Test]
    public void TcpMd5Sig_ForAnIPv4PeerOnADualStackSocket_IsTheMappedAddress()
    {
        var md5sig = new byte[LinuxTcp.TcpMd5SigSize];

        LinuxTcp.WriteTcpMd5Sig(md5sig, AddressFamily.InterNetworkV6, IPAddress.Parse("10.0.0.1"), "key"u8);

        Assert.That(Convert.ToHexString(md5sig, 0, 24), Is.EqualTo("0A000000" + "00000000" + "00000000000000000000FFFF0A000001"));
    }

    [Test]
    public void Md5KeysAndGtsm_AreTakenByTheKernel_OnIPv4AndDualStackSockets()
    {
        var password = TcpMd5Password.FromText("s3cret")!;
        using var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };

        SessionSocket.SetMd5Key(v4, IPAddress.Parse("10.0.0.1"), password);
        SessionSocket.SetMd5Key(v6, IPAddress.Parse("10.0.0.1"), password);
        SessionSocket.SetMd5Key(v6, IPAddress.Parse("2001:db8::1"), password);
        SessionSocket.SetGtsm(v4, 1);
        SessionSocket.SetGtsm(v6, 2);

        Assert.Multiple(() =>
        {
            Assert.That(Int(v4, LinuxTcp.SOL_IP, LinuxTcp.IP_TTL), Is.EqualTo(255));
            Assert.That(Int(v4, LinuxTcp.SOL_IP, LinuxTcp.IP_MINTTL), Is.EqualTo(255));
            Assert.That(Int(v6, LinuxTcp.SOL_IPV6, LinuxTcp.IPV6_UNICAST_HOPS), Is.EqualTo(255));
            Assert.That(Int(v6, LinuxTcp.SOL_IPV6, LinuxTcp.IPV6_MINHOPCOUNT), Is.EqualTo(254));
            Assert.That(Int(v6, LinuxTcp.SOL_IP, LinuxTcp.IP_MINTTL), Is.EqualTo(254), "IPv4-mapped connections use the IPv4 option");
        });
    }

    private static int Int(Socket socket, int level, int name)
    {
        Span<byte> value = stackalloc byte[4];
        socket.GetRawSocketOption(level, name, value);
        return BitConverter.ToInt32(value);
    }

    [TestCase("4500003c00004000fd06", 253)]
    [TestCase("6000000000280640", 64)]
    public void TtlOfSavedSyn_IsReadFromTheIpHeader(string headerStart, int ttl)
    {
        var header = Convert.FromHexString(headerStart.PadRight(80, '0'));

        Assert.That(LinuxTcp.TtlOfSavedSyn(header), Is.EqualTo((byte)ttl));
    }

    [Test]
    public void TtlOfNoSavedSyn_IsNull() => Assert.That(LinuxTcp.TtlOfSavedSyn([]), Is.Null);

    [Test]
    public void Md5Counters_AreReadFromTheTcpExtLines()
    {
        const string netstat = "TcpExt: SyncookiesSent TCPMD5NotFound TCPMD5Unexpected TCPMD5Failure\nTcpExt: 0 7 2 5\nIpExt: InNoRoutes\nIpExt: 0\n";

        Assert.That(TcpMd5Counters.Parse(netstat), Is.EqualTo(new TcpMd5Counters(7, 2, 5)));
    }

    [Test]
    public void Md5Counters_OfThisNamespace_AreReadable() =>
        Assert.That(TcpMd5Counters.Read(), Is.Not.Null, "/proc/net/netstat has the TCPMD5 counters on this kernel");

    [Test]
    public void PrefixCease_CarriesFamilyAndLimit()
    {
        var cease = NotificationMessage.MaximumPrefixesReached(AfiSafi.L2vpnEvpn, 1000);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        int length = BgpMessageCodec.Write(cease, buffer);
        var bytes = buffer.WrittenSpan.ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexString(bytes, 16, length - 16), Is.EqualTo("001C" + "03" + "0601" + "0019" + "46" + "000003E8"));
            Assert.That(cease.ToString(), Does.StartWith("6/1 ("));
        });
    }

    [Test]
    public void Password_NeverPrints() =>
        Assert.That(TcpMd5Password.FromText("s3cret")!.ToString(), Is.EqualTo("set"));

    [TestCase(0)]
    [TestCase(81)]
    public void Password_OfNoOrTooManyBytes_IsRefused(int length) =>
        Assert.That(TcpMd5Password.FromText(new string('x', length)), Is.Null);
}
