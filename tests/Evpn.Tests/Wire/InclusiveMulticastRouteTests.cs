using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Wire;

public sealed class InclusiveMulticastRouteTests
{
    [TestCase("frr-gobgp-ipv4", "frr->gobgp", "10.255.0.1:2", "10.255.0.1", TestName = "FRR type 3, IPv4 originator")]
    [TestCase("frr-gobgp-ipv4", "gobgp->frr", "10.255.0.2:100", "10.255.0.2", TestName = "GoBGP type 3, IPv4 originator")]
    [TestCase("frr-gobgp-ipv4", "gobgp->frr", "10.255.0.2:101", "fd00:255::2", TestName = "GoBGP type 3, IPv6 originator")]
    [TestCase("frr-gobgp-ipv6", "gobgp->frr", "10.255.0.2:101", "fd00:255::2", TestName = "GoBGP type 3, IPv6 originator over IPv6 transport")]
    public void Decodes_the_captured_route(string file, string direction, string rd, string originator)
    {
        var route = CapturedRoutes.Announced<InclusiveMulticastRoute>(
            file, direction, r => r.Rd.ToString() == rd, "Inclusive Multicast Route", $"rd={rd} etag=0 ip={originator}");

        Assert.That(route.EthernetTag, Is.EqualTo(new EthernetTag(0)));
        Assert.That(route.OriginatingRouter, Is.EqualTo(IpAddressValue.Parse(originator)));
        Assert.That(route.BodyLength, Is.EqualTo(route.OriginatingRouter.IsIPv4 ? 17 : 29));
    }

    [Test]
    public void Encodes_what_FRR_sends_for_its_VNI()
    {
        var captured = CapturedRoutes.Announced<InclusiveMulticastRoute>(
            "frr-gobgp-ipv4", "frr->gobgp", r => true, "Inclusive Multicast Route rd=10.255.0.1:2");
        var ours = new InclusiveMulticastRoute(RouteDistinguisher.Parse("10.255.0.1:2"), new EthernetTag(0), IpAddressValue.Parse("10.255.0.1"));

        Assert.That(ours.Encode(), Is.EqualTo(captured.Encode()));
        Assert.That(Convert.ToHexString(ours.Encode()), Is.EqualTo("0311" + "00010AFF00010002" + "00000000" + "20" + "0AFF0001"));
    }
}
