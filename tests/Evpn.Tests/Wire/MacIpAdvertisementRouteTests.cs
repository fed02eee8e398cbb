using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Wire;

/// <summary>Type-2 routes as FRR and GoBGP sent them; expected values are what tshark decoded.</summary>
public sealed class MacIpAdvertisementRouteTests
{
    // file, direction, MAC, IP ("" = MAC only), RD, label1, label2 (-1 = none)
    [TestCase("frr-gobgp-ipv4", "gobgp->frr", "02:00:00:00:bb:01", "", "10.255.0.2:100", 100u, -1, TestName = "GoBGP MAC only")]
    [TestCase("frr-gobgp-ipv4", "gobgp->frr", "02:00:00:00:bb:02", "192.168.100.30", "10.255.0.2:100", 100u, -1, TestName = "GoBGP MAC+IPv4")]
    [TestCase("frr-gobgp-ipv4", "gobgp->frr", "02:00:00:00:bb:03", "fd10::30", "10.255.0.2:100", 100u, -1, TestName = "GoBGP MAC+IPv6")]
    [TestCase("frr-gobgp-ipv4", "gobgp->frr", "02:00:00:00:bb:04", "192.168.100.40", "10.255.0.2:100", 100u, 4000, TestName = "GoBGP MAC+IPv4 with label 2")]
    [TestCase("frr-gobgp-ipv4", "frr->gobgp", "02:00:00:00:bb:04", "192.168.100.40", "10.255.0.2:100", 100u, 4000, TestName = "FRR re-advertising label 2")]
    [TestCase("frr-gobgp-ipv4", "frr->gobgp", "02:00:00:00:aa:01", "", "10.255.0.1:2", 100u, -1, TestName = "FRR local MAC only")]
    [TestCase("frr-gobgp-ipv4", "frr->gobgp", "02:00:00:00:aa:01", "192.168.100.10", "10.255.0.1:2", 100u, -1, TestName = "FRR local MAC+IPv4")]
    [TestCase("frr-gobgp-ipv6", "frr->gobgp", "02:00:00:00:aa:01", "fd10::10", "10.255.0.1:2", 100u, -1, TestName = "FRR local MAC+IPv6 over IPv6 transport")]
    [TestCase("frr-gobgp-ipv4", "frr->gobgp", "02:00:00:00:b1:00", "fe80::ff:fe00:b100", "10.255.0.1:2", 100u, -1, TestName = "FRR SVI link-local")]
    public void Decodes_the_captured_route(string file, string direction, string mac, string ip, string rd, uint label1, int label2)
    {
        var fragments = ip.Length == 0 ? new[] { $"mac={mac} " } : [$"mac={mac} ip={ip}"];
        var route = CapturedRoutes.Announced<MacIpAdvertisementRoute>(
            file, direction, r => r.Mac == MacAddress.Parse(mac) && r.Ip == (ip.Length == 0 ? IpAddressValue.None : IpAddressValue.Parse(ip)), fragments);

        Assert.That(route.Rd.ToString(), Is.EqualTo(rd));
        Assert.That(route.Esi.IsZero, Is.True);
        Assert.That(route.EthernetTag, Is.EqualTo(new EthernetTag(0)));
        Assert.That(route.Label1, Is.EqualTo(label1));
        Assert.That(route.L2Vni, Is.EqualTo(new Vni(label1)));
        Assert.That(route.Label2, Is.EqualTo(label2 < 0 ? null : (uint?)label2));
        Assert.That(route.Key, Is.EqualTo(new MacIpRouteKey(route.Rd, new EthernetTag(0), MacAddress.Parse(mac), route.Ip)));
        Assert.That(route.BodyLength, Is.EqualTo(33 + route.Ip.ByteLength + (label2 < 0 ? 0 : 3)));
    }

    [Test]
    public void tshark_reads_the_labels_as_MPLS_top_20_bits_which_is_VNI_100_and_4000()
    {
        // tshark printed "mpls-label1=6 mpls-label2=250" for GoBGP's bb:04: 100 >> 4 and 4000 >> 4.
        var route = CapturedRoutes.Announced<MacIpAdvertisementRoute>(
            "frr-gobgp-ipv4", "gobgp->frr", r => true, "mac=02:00:00:00:bb:04", "mpls-label1=6 mpls-label2=250");
        Assert.That(EvpnLabel.ToMplsLabel(route.Label1), Is.EqualTo(6));
        Assert.That(EvpnLabel.ToMplsLabel(route.Label2!.Value), Is.EqualTo(250));
    }

    [Test]
    public void Encodes_a_MAC_IPv6_route_with_two_labels_that_decodes_back()
    {
        var route = new MacIpAdvertisementRoute(
            RouteDistinguisher.Parse("10.255.0.3:7"), EthernetSegmentId.Zero, new EthernetTag(0),
            MacAddress.Parse("02:00:00:00:00:01"), IpAddressValue.Parse("2001:db8::1"), 100, 4000);

        var bytes = route.Encode();

        Assert.That(bytes[1], Is.EqualTo(52));
        Assert.That(EvpnNlri.Decode(bytes).Routes, Is.EqualTo(new EvpnRoute[] { route }));
    }

    [Test]
    public void The_key_ignores_ESI_and_labels()
    {
        var a = new MacIpAdvertisementRoute(RouteDistinguisher.Parse("65001:1"), EthernetSegmentId.Zero, new EthernetTag(0),
            MacAddress.Parse("02:00:00:00:00:01"), IpAddressValue.None, 100);
        var b = a with { Esi = EthernetSegmentId.Parse("01:02:00:00:00:dd:01:00:01:00"), Label1 = 200, Label2 = 5 };

        Assert.That(b.Key, Is.EqualTo(a.Key));
        Assert.That(b, Is.Not.EqualTo(a));
    }
}
