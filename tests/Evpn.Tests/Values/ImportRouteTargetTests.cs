using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Values;

public sealed class ImportRouteTargetTests
{
    [TestCase("65001:100", "65001:100", true)]
    [TestCase("65001:100", "65002:100", false)]
    [TestCase("*:100", "65002:100", true)]
    [TestCase("*:100", "4200000000:100", true)]
    [TestCase("*:100", "10.0.0.1:100", false)]
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
    [TestCase("10.0.0.1:100", false)]
    public void Auto_derived_import_matches_the_VNI_from_any_AS_in_either_auto_form(string received, bool matches)
    {
        Assert.That(ImportRouteTarget.AutoDerived(new Vni(100)).Matches(RouteTarget.Parse(received)), Is.EqualTo(matches));
    }

    [TestCase("*:")]
    [TestCase("*:x")]
    [TestCase("100")]
    public void Rejects_what_is_not_an_import_route_target(string text)
    {
        Assert.That(ImportRouteTarget.TryParse(text, out _), Is.False);
    }
}
