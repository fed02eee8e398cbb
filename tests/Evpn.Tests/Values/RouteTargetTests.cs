using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Values;

public sealed class RouteTargetTests
{
    [TestCase("65001:100", 0x0002_FDE9_0000_0064UL)]
    [TestCase("10.0.0.1:5", 0x0102_0A00_0001_0005UL)]
    [TestCase("4200000000:5", 0x0202_FA56_EA00_0005UL)]
    public void Parses_and_formats_all_three_forms(string text, ulong wire)
    {
        var rt = RouteTarget.Parse(text);

        Assert.That(rt.Value, Is.EqualTo(wire));
        Assert.That(rt.ToString(), Is.EqualTo(text));
        Assert.That(RouteTarget.TryFrom(rt.ToExtendedCommunity(), out var back), Is.True);
        Assert.That(back, Is.EqualTo(rt));
    }

    [Test]
    public void FRRs_auto_form_is_AS_colon_VNI()
    {
        Assert.That(RouteTarget.AutoDerived(65001, new Vni(100)).ToString(), Is.EqualTo("65001:100"));
        // A 4-octet AS keeps its low 16 bits, as FRR does.
        Assert.That(RouteTarget.AutoDerived(4200000000, new Vni(100)).ToString(), Is.EqualTo("59904:100"));
    }

    [Test]
    public void RFC_8365_auto_form_has_type_VXLAN_and_the_VNI_in_the_local_administrator()
    {
        var rt = RouteTarget.AutoDerived(65001, new Vni(100), rfc8365Form: true);

        Assert.That(rt.LocalAdministrator, Is.EqualTo(0x1000_0064u));
        Assert.That(rt.ToString(), Is.EqualTo("65001:268435556"));
        Assert.That(rt.TryGetAutoDerivedVni(out var vni), Is.True);
        Assert.That(vni, Is.EqualTo(new Vni(100)));
    }

    [TestCase("65002:100", true, 100u)]
    [TestCase("65002:16777216", false, 0u)]
    [TestCase("10.0.0.1:100", false, 0u)]
    public void Tells_the_VNI_of_an_auto_derived_RT_for_wildcard_import(string text, bool isAuto, uint vni)
    {
        Assert.That(RouteTarget.Parse(text).TryGetAutoDerivedVni(out var found), Is.EqualTo(isAuto));
        Assert.That(found.Value, Is.EqualTo(vni));
    }
}
