using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

public sealed class EndOfRibTests
{
    [Test]
    public void Evpn_IsAnUpdateWithAnEmptyMpUnreach()
    {
        Assert.That(Convert.ToHexString(EndOfRib.Build(AfiSafi.L2vpnEvpn)),
            Is.EqualTo(new string('F', 32) + "001D02" + "0000" + "0006" + "800F03" + "0019" + "46"));
    }

    [Test]
    public void Ipv4Unicast_IsAnEmptyUpdate()
    {
        Assert.That(Convert.ToHexString(EndOfRib.Build(AfiSafi.Ipv4Unicast)), Is.EqualTo(new string('F', 32) + "001702" + "00000000"));
    }
}
