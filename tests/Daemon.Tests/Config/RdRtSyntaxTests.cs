using Evpnd.Daemon.Config;

namespace Evpnd.Daemon.Tests.Config;

public sealed class RdRtSyntaxTests
{
    [TestCase("auto", "auto")]
    [TestCase("AUTO", "auto")]
    [TestCase("65002:100", "65002:100")]
    [TestCase("65535:4294967295", "65535:4294967295", Description = "type 0: 2-byte AS, 4-byte number")]
    [TestCase("4200000000:65535", "4200000000:65535", Description = "type 2: 4-byte AS, 2-byte number")]
    [TestCase("1.10:5", "65546:5", Description = "asdot AS is written back as asplain")]
    [TestCase("10.255.0.2:100", "10.255.0.2:100", Description = "type 1: IPv4, 2-byte number")]
    [TestCase("10.255.0.2:0", "10.255.0.2:0")]
    public void AcceptsEveryRdType(string text, string canonical)
    {
        Assert.That(RdRtSyntax.CheckRouteDistinguisher(text, out string result), Is.Null);
        Assert.That(result, Is.EqualTo(canonical));
    }

    [TestCase("65002", "is not auto, ASN:NN or IPv4:NN")]
    [TestCase("65002:", "is not auto, ASN:NN or IPv4:NN")]
    [TestCase(":100", "is not auto, ASN:NN or IPv4:NN")]
    [TestCase("spine:100", "is not auto, ASN:NN or IPv4:NN")]
    [TestCase("65002:abc", "is not auto, ASN:NN or IPv4:NN")]
    [TestCase("0:100", "uses AS 0, which is reserved (RFC 7607)")]
    [TestCase("-1:100", "is out of range: the AS must be 1..4294967295")]
    [TestCase("4294967296:1", "is out of range: the AS must be 1..4294967295")]
    [TestCase("65002:4294967296", "is out of range: the number after ':' must be 0..4294967295")]
    [TestCase("65536:65536", "is out of range: after a 4-byte AS the number must be 0..65535")]
    [TestCase("10.0.0.1:65536", "is out of range: after an IPv4 address the number must be 0..65535")]
    [TestCase("10.0.0.256:1", "is not auto, ASN:NN or IPv4:NN")]
    [TestCase("*:100", "uses '*', which only an import route target may")]
    public void RefusesBadRds(string text, string problem)
    {
        Assert.That(RdRtSyntax.CheckRouteDistinguisher(text, out _), Is.EqualTo(problem));
    }

    [Test]
    public void WildcardRouteTargetOnlyWhenAllowed()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RdRtSyntax.CheckRouteTarget("*:100", allowWildcard: true, out string canonical), Is.Null);
            Assert.That(canonical, Is.EqualTo("*:100"));
            Assert.That(RdRtSyntax.CheckRouteTarget("*:100", allowWildcard: false, out _), Is.EqualTo("uses '*', which only an import route target may"));
            Assert.That(RdRtSyntax.CheckRouteTarget("100", allowWildcard: true, out _), Is.EqualTo("is not auto, ASN:NN, IPv4:NN or *:NN"));
        });
    }
}
