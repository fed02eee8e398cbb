using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Wire;

public sealed class IpPrefixRouteTests
{
    [TestCase("gobgp->frr", "192.168.200.0", 24, "0.0.0.0", TestName = "GoBGP type 5 IPv4")]
    [TestCase("gobgp->frr", "2001:db8:200::", 64, "::", TestName = "GoBGP type 5 IPv6")]
    [TestCase("frr->gobgp", "192.168.200.0", 24, "0.0.0.0", TestName = "FRR re-advertising type 5 IPv4")]
    public void Decodes_the_captured_route(string direction, string prefix, int length, string gateway)
    {
        var route = CapturedRoutes.Announced<IpPrefixRoute>(
            "frr-gobgp-ipv4", direction, r => true, "IP Prefix route", $"plen={length} ip={prefix} gw={gateway}");

        Assert.That(route.Rd, Is.EqualTo(RouteDistinguisher.Parse("10.255.0.2:4000")));
        Assert.That(route.Esi.IsZero, Is.True);
        Assert.That(route.EthernetTag, Is.EqualTo(new EthernetTag(0)));
        Assert.That(route.PrefixLength, Is.EqualTo(length));
        Assert.That(route.Prefix, Is.EqualTo(IpAddressValue.Parse(prefix)));
        Assert.That(route.Gateway, Is.EqualTo(IpAddressValue.Parse(gateway)));
        Assert.That(route.Label, Is.EqualTo(4000u));
        Assert.That(route.BodyLength, Is.EqualTo(route.Prefix.IsIPv4 ? 34 : 58));
    }

    [Test]
    public void Encodes_a_route_that_decodes_back()
    {
        var route = new IpPrefixRoute(RouteDistinguisher.Parse("65001:4000"), EthernetSegmentId.Zero, new EthernetTag(0), 64,
            IpAddressValue.Parse("2001:db8:1::"), IpAddressValue.Parse("::"), 4000);

        Assert.That(EvpnNlri.Decode(route.Encode()).Routes, Is.EqualTo(new EvpnRoute[] { route }));
    }
}
