using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Tests.Vectors;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Wire;

/// <summary>Each typed extended community, read from a captured UPDATE and written back identically.</summary>
public sealed class ExtendedCommunityTests
{
    private const string File = "frr-gobgp-ipv4";

    private delegate bool TryFrom<T>(ExtendedCommunity community, out T value);

    [Test]
    public void Route_target_from_GoBGP()
    {
        var (rt, raw) = Single<RouteTarget>(RouteTarget.TryFrom, "gobgp->frr", "mac=02:00:00:00:bb:01 ", "Route Target: 65002:100");
        Assert.That(rt.ToString(), Is.EqualTo("65002:100"));
        Assert.That(rt.Type, Is.EqualTo(0x00));
        Assert.That(rt.ToExtendedCommunity(), Is.EqualTo(raw));
    }

    [Test]
    public void Route_target_from_FRR_is_its_auto_derived_AS_colon_VNI()
    {
        var (rt, _) = Single<RouteTarget>(RouteTarget.TryFrom, "frr->gobgp", "Inclusive Multicast Route rd=10.255.0.1:2", "Route Target: 65001:100");
        Assert.That(rt, Is.EqualTo(RouteTarget.AutoDerived(65001, new Vni(100))));
        Assert.That(rt.TryGetAutoDerivedVni(out var vni), Is.True);
        Assert.That(vni, Is.EqualTo(new Vni(100)));
    }

    [Test]
    public void Encapsulation_VXLAN()
    {
        var (encap, raw) = Single<EncapsulationCommunity>(EncapsulationCommunity.TryFrom, "frr->gobgp", "Inclusive Multicast Route rd=10.255.0.1:2", "Encapsulation: VXLAN Encapsulation");
        Assert.That(encap.TunnelType, Is.EqualTo(EncapsulationCommunity.Vxlan));
        Assert.That(encap.ToExtendedCommunity(), Is.EqualTo(raw));
        Assert.That(raw.Value, Is.EqualTo(0x030C_0000_0000_0008UL));
    }

    [Test]
    public void Routers_MAC()
    {
        var (rmac, raw) = Single<RoutersMacCommunity>(RoutersMacCommunity.TryFrom, "gobgp->frr", "mac=02:00:00:00:bb:04", "Router's MAC: 02:00:00:00:cc:02");
        Assert.That(rmac.Mac, Is.EqualTo(MacAddress.Parse("02:00:00:00:cc:02")));
        Assert.That(rmac.ToExtendedCommunity(), Is.EqualTo(raw));
    }

    [Test]
    public void Default_gateway_from_FRRs_SVI()
    {
        var message = CapturedVectors.Find(File, "frr->gobgp", "mac=02:00:00:00:b1:00 ip=192.168.100.1 ", "Default Gateway");
        var raw = EvpnUpdateParts.Of(message).Communities.Single(DefaultGatewayCommunity.Is);
        Assert.That(default(DefaultGatewayCommunity).ToExtendedCommunity(), Is.EqualTo(raw));
    }

    [Test]
    public void MAC_mobility_that_GoBGP_adds_to_a_MAC_another_VTEP_has()
    {
        var (mobility, raw) = Single<MacMobilityCommunity>(MacMobilityCommunity.TryFrom, "gobgp->frr", "mac=02:00:00:00:aa:01 ", "MAC Mobility: Movable MAC");
        Assert.That(mobility, Is.EqualTo(new MacMobilityCommunity(0, false)));
        Assert.That(mobility.ToExtendedCommunity(), Is.EqualTo(raw));
    }

    [TestCase(5u, true, 0x0600_0100_0000_0005UL)]
    [TestCase(0x12345678u, false, 0x0600_0000_1234_5678UL)]
    public void MAC_mobility_sequence_and_sticky_flag(uint sequence, bool sticky, ulong wire)
    {
        var community = new MacMobilityCommunity(sequence, sticky).ToExtendedCommunity();
        Assert.That(community.Value, Is.EqualTo(wire));
        Assert.That(MacMobilityCommunity.TryFrom(community, out var back), Is.True);
        Assert.That(back, Is.EqualTo(new MacMobilityCommunity(sequence, sticky)));
    }

    [Test]
    public void ARP_ND_router_flag_from_FRR()
    {
        var (nd, raw) = Single<ArpNdCommunity>(ArpNdCommunity.TryFrom, "frr->gobgp", "mac=02:00:00:00:aa:02 ip=fd10::20", "ND: 0x0100");
        Assert.That(nd, Is.EqualTo(ArpNdCommunity.Create(router: true)));
        Assert.That((nd.Router, nd.Override, nd.Immutable), Is.EqualTo((true, false, false)));
        Assert.That(nd.ToExtendedCommunity(), Is.EqualTo(raw));
    }

    [TestCase(false, true, false, 0x02)]
    [TestCase(false, false, true, 0x08)]
    [TestCase(true, true, true, 0x0B)]
    public void ARP_ND_flag_bits_are_RFC_9047s(bool router, bool @override, bool immutable, int flags)
    {
        var community = ArpNdCommunity.Create(router, @override, immutable).ToExtendedCommunity();
        Assert.That(community.Value, Is.EqualTo(0x0608_0000_0000_0000UL | ((ulong)flags << 40)));
        Assert.That(ArpNdCommunity.TryFrom(community, out var back), Is.True);
        Assert.That((back.Router, back.Override, back.Immutable), Is.EqualTo((router, @override, immutable)));
    }

    [Test]
    public void ARP_ND_keeps_flags_it_does_not_name()
    {
        // FRR's "proxy" bit (0x04) is not an RFC 9047 flag; a route passed on must keep it.
        var raw = new ExtendedCommunity(0x0608_0500_0000_0000UL);
        Assert.That(ArpNdCommunity.TryFrom(raw, out var nd), Is.True);
        Assert.That(nd.Router, Is.True);
        Assert.That(nd.ToExtendedCommunity(), Is.EqualTo(raw));
    }

    [Test]
    public void ESI_label_on_GoBGPs_Ethernet_AD_route()
    {
        var (esiLabel, raw) = Single<EsiLabelCommunity>(EsiLabelCommunity.TryFrom, "gobgp->frr", "Ethernet AD Route", "ESI MPLS Label: All-Active redundancy");
        Assert.That(esiLabel, Is.EqualTo(new EsiLabelCommunity(SingleActive: false, Label: 100)));
        Assert.That(esiLabel.ToExtendedCommunity(), Is.EqualTo(raw));
    }

    [Test]
    public void ES_import_route_target_on_GoBGPs_Ethernet_Segment_route()
    {
        var (esImport, raw) = Single<EsImportRouteTarget>(EsImportRouteTarget.TryFrom, "gobgp->frr", "Ethernet Segment Route", "ES Import: RT: 02:00:00:00:dd:01");
        Assert.That(esImport.Value, Is.EqualTo(MacAddress.Parse("02:00:00:00:dd:01")));
        Assert.That(esImport.ToExtendedCommunity(), Is.EqualTo(raw));
    }

    [Test]
    public void A_community_of_another_kind_is_not_mistaken_for_a_typed_one()
    {
        var routerMac = new RoutersMacCommunity(MacAddress.Parse("02:00:00:00:cc:02")).ToExtendedCommunity();
        Assert.That(MacMobilityCommunity.TryFrom(routerMac, out _), Is.False);
        Assert.That(RouteTarget.TryFrom(routerMac, out _), Is.False);
        Assert.That(EncapsulationCommunity.TryFrom(routerMac, out _), Is.False);
        Assert.That(DefaultGatewayCommunity.Is(routerMac), Is.False);
    }

    private static (T Value, ExtendedCommunity Raw) Single<T>(TryFrom<T> tryFrom, string direction, params string[] fragments)
    {
        var message = CapturedVectors.Find(File, direction, fragments);
        foreach (var community in EvpnUpdateParts.Of(message).Communities)
        {
            if (tryFrom(community, out var value))
            {
                return (value, community);
            }
        }
        Assert.Fail($"{message} carries no {typeof(T).Name}");
        throw new InvalidOperationException();
    }
}
