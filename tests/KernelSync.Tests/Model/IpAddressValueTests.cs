namespace Evpnd.KernelSync.Tests.Model;

public sealed class IpAddressValueTests
{
    [Test]
    public void IP_addresses_keep_their_family()
    {
        Assert.That(IpAddressValue.Parse("10.255.0.1").BitLength, Is.EqualTo(32));
        Assert.That(IpAddressValue.Parse("fd00::1").BitLength, Is.EqualTo(128));
        Assert.That(IpAddressValue.Parse("::"), Is.Not.EqualTo(IpAddressValue.None));
        Assert.That(IpAddressValue.Parse("0.0.0.0"), Is.Not.EqualTo(IpAddressValue.Parse("::")));
        Assert.That(IpAddressValue.Parse("fd00::1").ToString(), Is.EqualTo("fd00::1"));
    }
}
