using Evpnd.Bgp.Wire;
using Evpnd.Evpn.Tests.Vectors;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Wire;

public sealed class PmsiTunnelTests
{
    [TestCase("frr->gobgp", "Inclusive Multicast Route rd=10.255.0.1:2", 100u, "10.255.0.1", TestName = "FRR's PMSI, IPv4 VTEP")]
    [TestCase("gobgp->frr", "Inclusive Multicast Route rd=10.255.0.2:100", 100u, "10.255.0.2", TestName = "GoBGP's PMSI, IPv4 VTEP")]
    [TestCase("gobgp->frr", "Inclusive Multicast Route rd=10.255.0.2:102", 102u, "fd00:255::2", TestName = "GoBGP's PMSI, IPv6 VTEP (the one FRR 8.4 rejects)")]
    public void Decodes_the_captured_attribute_and_reencodes_it(string direction, string fragment, uint vni, string vtep)
    {
        var message = CapturedVectors.Find("frr-gobgp-ipv4", direction, fragment, "Ingress Replication (6)");
        var value = EvpnUpdateParts.Of(message).Pmsi!;

        var action = PmsiTunnel.TryDecode(value, out var pmsi);

        Assert.That(action, Is.EqualTo(UpdateErrorAction.None));
        Assert.That(pmsi!.TunnelType, Is.EqualTo(PmsiTunnelType.IngressReplication));
        Assert.That(pmsi.LeafInformationRequired, Is.False);
        Assert.That(pmsi.Label, Is.EqualTo(vni));
        Assert.That(pmsi.Vni, Is.EqualTo(new Vni(vni)));
        Assert.That(pmsi.TunnelEndpoint, Is.EqualTo(IpAddressValue.Parse(vtep)));
        Assert.That(pmsi.EncodeValue(), Is.EqualTo(value));
        Assert.That(PmsiTunnel.IngressReplication(new Vni(vni), IpAddressValue.Parse(vtep)).EncodeValue(), Is.EqualTo(value));
    }

    // RFC 7606 s2: the PMSI decides flood-list membership, so a malformed one withdraws the route.
    [TestCase("", TestName = "Empty PMSI")]
    [TestCase("0006000064", TestName = "Ingress replication without a tunnel id")]
    [TestCase("00060000640aff00", TestName = "Ingress replication with a 3-octet tunnel id")]
    [TestCase("00060000640aff00010a", TestName = "Ingress replication with a 5-octet tunnel id")]
    [TestCase("00060000", TestName = "Shorter than the fixed 5 octets")]
    public void A_bad_length_is_treat_as_withdraw(string hex)
    {
        var action = PmsiTunnel.TryDecode(Convert.FromHexString(hex), out var pmsi);

        Assert.That(action, Is.EqualTo(UpdateErrorAction.TreatAsWithdraw));
        Assert.That(pmsi, Is.Null);
    }

    [Test]
    public void Another_tunnel_type_keeps_its_identifier()
    {
        var value = Convert.FromHexString("0103000064" + "0a0000010e000001");

        Assert.That(PmsiTunnel.TryDecode(value, out var pmsi), Is.EqualTo(UpdateErrorAction.None));
        Assert.That(pmsi!.TunnelType, Is.EqualTo(PmsiTunnelType.PimSsm));
        Assert.That(pmsi.LeafInformationRequired, Is.True);
        Assert.That(pmsi.EncodeValue(), Is.EqualTo(value));
    }

    [Test]
    public void Goes_to_and_from_the_BGP_codecs_opaque_attribute()
    {
        var pmsi = PmsiTunnel.IngressReplication(new Vni(100), IpAddressValue.Parse("fd00:255::1"));

        var attribute = pmsi.ToAttribute();

        Assert.That(attribute.Value.Length, Is.EqualTo(21));
        Assert.That(PmsiTunnel.TryDecode(attribute, out var back), Is.EqualTo(UpdateErrorAction.None));
        Assert.That(back, Is.EqualTo(pmsi));
    }

    [Test]
    public void A_PIM_SM_tree_carries_the_sender_and_the_group()
    {
        var tunnel = PmsiTunnel.PimSmTree(new Vni(100), IpAddressValue.Parse("10.0.0.1"), IpAddressValue.Parse("239.1.1.1"));

        // RFC 6514 s5: Flags 0, Tunnel Type 4 (PIM-SM Tree), label = VNI, <Sender Address, P-Multicast Group>.
        Assert.That(Convert.ToHexString(tunnel.EncodeValue()), Is.EqualTo("00040000640A000001EF010101"));
        Assert.That(PmsiTunnel.TryDecode(tunnel.EncodeValue(), out var decoded), Is.EqualTo(UpdateErrorAction.None));
        Assert.That(decoded!.TryGetSenderAndGroup(out var sender, out var group), Is.True);
        Assert.That((sender, group), Is.EqualTo((IpAddressValue.Parse("10.0.0.1"), IpAddressValue.Parse("239.1.1.1"))));
    }
}
