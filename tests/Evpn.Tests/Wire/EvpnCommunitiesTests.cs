using Evpnd.Evpn.Tests.Vectors;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Wire;

public sealed class EvpnCommunitiesTests
{
    [Test]
    public void Reads_FRRs_IPv6_SVI_route()
    {
        var message = CapturedVectors.Find("frr-gobgp-ipv4", "frr->gobgp", "mac=02:00:00:00:b1:00 ip=fd10::1 ");

        var communities = EvpnCommunities.Read(EvpnUpdateParts.Of(message).Communities);

        Assert.That(communities.IsVxlan, Is.True);
        Assert.That(communities.DefaultGateway, Is.True);
        Assert.That(communities.ArpNd?.Router, Is.True);
        Assert.That(communities.MacMobility, Is.Null);
        Assert.That(communities.RoutersMac, Is.Null);
    }

    [Test]
    public void Reads_GoBGPs_route_with_two_labels()
    {
        var message = CapturedVectors.Find("frr-gobgp-ipv4", "gobgp->frr", "mac=02:00:00:00:bb:04");

        var communities = EvpnCommunities.Read(EvpnUpdateParts.Of(message).Communities);

        Assert.That(communities.IsVxlan, Is.True);
        Assert.That(communities.RoutersMac?.Mac, Is.EqualTo(MacAddress.Parse("02:00:00:00:cc:02")));
        Assert.That(communities.DefaultGateway, Is.False);
        Assert.That(communities.ArpNd, Is.Null);
    }
}
