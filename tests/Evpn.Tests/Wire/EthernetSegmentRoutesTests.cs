using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Wire;

/// <summary>Types 1 and 4 (multihoming), as GoBGP sent them for ESI LACP 02:00:00:00:dd:01 key 1.</summary>
public sealed class EthernetSegmentRoutesTests
{
    private static readonly EthernetSegmentId s_esi = EthernetSegmentId.Parse("01:02:00:00:00:dd:01:00:01:00");

    [Test]
    public void Decodes_GoBGPs_Ethernet_AD_route()
    {
        var route = CapturedRoutes.Announced<EthernetAutoDiscoveryRoute>(
            "frr-gobgp-ipv4", "gobgp->frr", r => true, "Ethernet AD Route rd=10.255.0.2:100 esi=01:02:00:00:00:dd:01:00:01:00 etag=4294967295");

        Assert.That(route.Rd, Is.EqualTo(RouteDistinguisher.Parse("10.255.0.2:100")));
        Assert.That(route.Esi, Is.EqualTo(s_esi));
        Assert.That(route.Esi.Type, Is.EqualTo(1));
        Assert.That(route.EthernetTag, Is.EqualTo(EthernetTag.MaxEt));
        Assert.That(route.Label, Is.EqualTo(0u));
    }

    [Test]
    public void Decodes_GoBGPs_Ethernet_Segment_route()
    {
        var route = CapturedRoutes.Announced<EthernetSegmentRoute>(
            "frr-gobgp-ipv4", "gobgp->frr", r => true, "Ethernet Segment Route rd=10.255.0.2:100 esi=01:02:00:00:00:dd:01:00:01:00 ip=10.255.0.2");

        Assert.That(route.Esi, Is.EqualTo(s_esi));
        Assert.That(route.OriginatingRouter, Is.EqualTo(IpAddressValue.Parse("10.255.0.2")));
        Assert.That(route.BodyLength, Is.EqualTo(23));
    }

    [Test]
    public void An_IPv6_Ethernet_Segment_route_round_trips()
    {
        var route = new EthernetSegmentRoute(RouteDistinguisher.Parse("10.0.0.1:1"), s_esi, IpAddressValue.Parse("fd00::1"));

        Assert.That(route.BodyLength, Is.EqualTo(35));
        Assert.That(EvpnNlri.Decode(route.Encode()).Routes, Is.EqualTo(new EvpnRoute[] { route }));
    }
}
