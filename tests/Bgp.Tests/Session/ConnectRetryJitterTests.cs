using Evpnd.Bgp.Session;

namespace Evpnd.Bgp.Tests.Session;

public sealed class ConnectRetryJitterTests
{
    [TestCase(0.0, 90)]
    [TestCase(1.0, 120)]
    [TestCase(0.5, 105)]
    public void Jitter_ScalesConnectRetryInto75To100Percent(double unit, int seconds)
    {
        Assert.That(ConnectRetryJitter.Apply(TimeSpan.FromSeconds(120), unit), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }
}
