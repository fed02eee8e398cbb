namespace Evpnd.Evpn.Tests.Values;

public sealed class RouteDistinguisherTests
{
    [TestCase("65002:100", 0, "0000FDEA00000064")]
    [TestCase("65535:4294967295", 0, "0000FFFFFFFFFFFF")]
    [TestCase("10.255.0.2:3", 1, "00010AFF00020003")]
    [TestCase("4200000000:7", 2, "0002FA56EA000007")]
    public void Parses_and_formats_like_FRR(string text, int type, string wire)
    {
        var rd = RouteDistinguisher.Parse(text);

        Assert.That(rd.Type, Is.EqualTo(type));
        Assert.That(rd.ToString(), Is.EqualTo(text));
        var bytes = new byte[8];
        rd.Write(bytes);
        Assert.That(Convert.ToHexString(bytes), Is.EqualTo(wire));
        Assert.That(RouteDistinguisher.Read(bytes), Is.EqualTo(rd));
    }

    [TestCase("")]
    [TestCase("65002")]
    [TestCase("10.255.0.2:70000")]
    [TestCase("4200000000:70000")]
    [TestCase("fd00::1:5")]
    [TestCase("65002:-1")]
    [TestCase("x:1")]
    public void Rejects_what_is_not_an_RD(string text)
    {
        Assert.That(RouteDistinguisher.TryParse(text, out _), Is.False);
        Assert.That(() => RouteDistinguisher.Parse(text), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void FRRs_auto_RD_is_router_id_colon_index()
    {
        var rd = RouteDistinguisher.FromIpv4(System.Net.IPAddress.Parse("10.255.0.1"), 2);

        Assert.That(rd.ToString(), Is.EqualTo("10.255.0.1:2"));
        Assert.That(rd.AssignedNumber, Is.EqualTo(2u));
    }
}
