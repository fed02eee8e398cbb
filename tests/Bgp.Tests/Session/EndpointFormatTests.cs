using System.Net;
using Evpnd.Bgp.Session;

namespace Evpnd.Bgp.Tests.Session;

public sealed class EndpointFormatTests
{
    [TestCase("::ffff:10.0.1.2", 179, "10.0.1.2:179")]
    [TestCase("10.0.1.2", 40000, "10.0.1.2:40000")]
    [TestCase("fd00::1", 179, "[fd00::1]:179")]
    public void EndpointsShowAsOperatorsWriteThem(string address, int port, string text)
    {
        Assert.That(BgpNeighbor.FormatEndPoint(new IPEndPoint(IPAddress.Parse(address), port)), Is.EqualTo(text));
    }
}
