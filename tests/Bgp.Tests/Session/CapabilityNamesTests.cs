using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

public sealed class CapabilityNamesTests
{
    [Test]
    public void KnownAndForeignCapabilities_HaveOperatorNames()
    {
        Assert.That(CapabilityNames.Name(new MultiprotocolCapability(AfiSafi.L2vpnEvpn)), Is.EqualTo("multiprotocol(l2vpn-evpn)"));
        Assert.That(CapabilityNames.Name(new UnknownCapability(73, [])), Is.EqualTo("fqdn"));
        Assert.That(CapabilityNames.Name(new UnknownCapability(128, [])), Is.EqualTo("route-refresh-old"));
        Assert.That(CapabilityNames.Name(new UnknownCapability(200, [])), Is.EqualTo("unknown-200"));
    }
}
