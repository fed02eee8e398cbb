using System.Net;
using Evpnd.Daemon.Config;

namespace Evpnd.Daemon.Tests.Config;

public sealed class ValueSyntaxTests
{
    [TestCase("10.0.0.1", "10.0.0.1")]
    [TestCase("0.0.0.0", "0.0.0.0")]
    [TestCase("255.255.255.255", "255.255.255.255")]
    [TestCase("2001:db8::1", "2001:db8::1")]
    [TestCase("::", "::")]
    [TestCase("::ffff:192.0.2.1", "192.0.2.1", Description = "IPv4-mapped is the IPv4 peer")]
    public void ParsesAddresses(string text, string expected)
    {
        Assert.That(ValueSyntax.TryParseIP(text, out IPAddress address), Is.True);
        Assert.That(address, Is.EqualTo(IPAddress.Parse(expected)));
    }

    [TestCase("10.1", Description = "the framework reads this as 10.0.0.1")]
    [TestCase("10")]
    [TestCase("010.0.0.1", Description = "octal to inet_aton")]
    [TestCase("0x0a.0.0.1")]
    [TestCase("10.0.0.256")]
    [TestCase("10.0.0.1.5")]
    [TestCase("10.0.0.")]
    [TestCase("10.0.0.1 ")]
    [TestCase("[2001:db8::1]")]
    [TestCase("2001:db8::g")]
    [TestCase("")]
    public void RefusesWhatIsNotPlainlyAnAddress(string text)
    {
        Assert.That(ValueSyntax.TryParseIP(text, out _), Is.False);
    }

    [TestCase("02:00:00:00:00:01", "02:00:00:00:00:01")]
    [TestCase("02-AB-cd-00-00-01", "02:ab:cd:00:00:01")]
    public void ParsesMacs(string text, string canonical)
    {
        Assert.That(ValueSyntax.TryParseMac(text, out string result), Is.True);
        Assert.That(result, Is.EqualTo(canonical));
    }

    [TestCase("02:00:00:00:00")]
    [TestCase("02:00:00:00:00:0g")]
    [TestCase("02:00-00:00:00:01")]
    [TestCase("0200.0000.0001")]
    [TestCase("02:00:00:00:00:001")]
    public void RefusesBadMacs(string text)
    {
        Assert.That(ValueSyntax.TryParseMac(text, out _), Is.False);
    }

    [TestCase("65002", 65002L)]
    [TestCase("4294967295", 4294967295L)]
    [TestCase("1.10", 65546L)]
    [TestCase("65535.65535", 4294967295L)]
    public void ParsesAsPlainAndAsDot(string text, long expected)
    {
        Assert.That(ValueSyntax.TryParseAsNumber(text, out long value, out _), Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("1.65536")]
    [TestCase("1.")]
    [TestCase("as65002")]
    public void RefusesBadAsNumbers(string text)
    {
        Assert.That(ValueSyntax.TryParseAsNumber(text, out _, out bool isNumber), Is.False);
        Assert.That(isNumber, Is.False);
    }
}
