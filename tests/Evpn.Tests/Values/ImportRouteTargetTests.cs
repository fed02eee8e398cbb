using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Values;

public sealed class ImportRouteTargetTests
{
    [TestCase("65001:100", "65001:100", true)]
    [TestCase("65001:100", "65002:100", false)]
    [TestCase("*:100", "65002:100", true)]
    [TestCase("*:100", "4200000000:100", true)]
    [TestCase("*:100", "10.0.0.1:100", true, TestName = "A wildcard import matches the IPv4 form too, as FRR does")]
    [TestCase("*:100", "65002:101", false)]
    public void Matches_exact_and_wildcard_forms(string import, string received, bool matches)
    {
        var rule = ImportRouteTarget.Parse(import);

        Assert.That(rule.Matches(RouteTarget.Parse(received)), Is.EqualTo(matches));
        Assert.That(rule.ToString(), Is.EqualTo(import));
    }

    [TestCase("65001:100", true)]
    [TestCase("65002:268435556", true)]
    [TestCase("65002:101", false)]
    [TestCase("4200000001:100", true, TestName = "Auto import matches a 4-octet AS RT by its local administrator")]
    [TestCase("10.0.0.1:100", true, TestName = "Auto import matches an IPv4 RT by its local administrator")]
    [TestCase("4200000001:101", false)]
    [TestCase("10.0.0.1:101", false)]
    [TestCase("65002:285212772", false, TestName = "Auto import ignores an RFC 8365 RT of another domain (D-ID 1)")]
    [TestCase("65002:536871012", false, TestName = "Auto import ignores an RFC 8365 RT of another encapsulation (NVGRE)")]
    public void Auto_derived_import_matches_the_VNI_from_any_administrator_in_either_auto_form(string received, bool matches)
    {
        Assert.That(ImportRouteTarget.AutoDerived(new Vni(100)).Matches(RouteTarget.Parse(received)), Is.EqualTo(matches));
    }

    [Test]
    public void A_VNI_above_65535_is_only_matched_in_the_2_octet_AS_form()
    {
        var auto = ImportRouteTarget.AutoDerived(new Vni(70000));

        Assert.That(auto.Matches(RouteTarget.Parse("65002:70000")), Is.True);
        // The IPv4 and 4-octet AS forms have a 2-octet local administrator: 70000 & 0xFFFF is another VNI's.
        Assert.That(auto.Matches(RouteTarget.Parse("4200000001:4464")), Is.False);
    }

    [TestCase("auto", 100u, "*:100 or *:268435556 (auto: any AS or IPv4 administrator)")]
    [TestCase("auto", 70000u, "*:70000 or *:268505456 (auto: any 2-octet AS)")]
    [TestCase("*:7", 0u, "*:7 (any AS or IPv4 administrator)")]
    [TestCase("65000:7", 0u, "65000:7")]
    public void Describe_says_what_is_matched(string import, uint vni, string expected)
    {
        var rule = import == "auto" ? ImportRouteTarget.AutoDerived(new Vni(vni)) : ImportRouteTarget.Parse(import);

        Assert.That(rule.Describe(), Is.EqualTo(expected));
    }

    [TestCase("*:")]
    [TestCase("*:x")]
    [TestCase("100")]
    public void Rejects_what_is_not_an_import_route_target(string text)
    {
        Assert.That(ImportRouteTarget.TryParse(text, out _), Is.False);
    }
}
