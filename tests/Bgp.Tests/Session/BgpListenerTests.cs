using System.Net;
using System.Net.Sockets;
using Evpnd.Bgp.Session;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>Bind failures are one sentence that says what to do; addresses from a dual-stack socket are normalised.</summary>
public sealed class BgpListenerTests
{
    private static readonly IPEndPoint Any179 = new(IPAddress.IPv6Any, 179);

    [Test]
    public void PortInUse_SaysToStopTheOtherProcessOrChangeThePort()
    {
        Assert.That(BgpListener.BindFailure(Any179, new SocketException((int)SocketError.AddressAlreadyInUse)),
            Is.EqualTo("cannot listen on [::]:179: the port is in use by another process; stop it or set listen.port"));
    }

    [Test]
    public void PermissionDenied_SaysToRunAsRootOrUseAnUnprivilegedPort()
    {
        Assert.That(BgpListener.BindFailure(Any179, new SocketException((int)SocketError.AccessDenied)),
            Is.EqualTo("cannot listen on [::]:179: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE); run as root or set listen.port to 1024 or above"));
    }

    [Test]
    public async Task AddressNotOnThisHost_SaysToSetALocalAddress()
    {
        // 192.0.2.0/24 is TEST-NET-1: never assigned to a local interface here.
        var speaker = new BgpSpeaker(new SpeakerConfig { RouterId = 1, LocalAs = 65001, Listen = new IPEndPoint(IPAddress.Parse("192.0.2.55"), 0) }, new TestLogger("A"));

        var ex = Assert.ThrowsAsync<BgpListenException>(() => speaker.StartAsync());

        Assert.That(ex!.Message, Is.EqualTo("cannot listen on 192.0.2.55:0: the address is not assigned to any local interface; set listen.address to a local address or \"::\""));
        await speaker.StopAsync();
    }

    [TestCase("::ffff:10.0.0.1", "10.0.0.1")]
    [TestCase("10.0.0.1", "10.0.0.1")]
    [TestCase("fd00::1", "fd00::1")]
    public void Normalize_MapsIpv4MappedAddressesToIpv4(string input, string expected)
    {
        Assert.That(BgpListener.Normalize(IPAddress.Parse(input)), Is.EqualTo(IPAddress.Parse(expected)));
    }
}
