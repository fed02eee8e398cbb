using Evpnd.Daemon.Control;
using Evpnd.Evpn;
using Evpnd.KernelSync;

namespace Evpnd.Daemon.Tests.Control;

public sealed class ImportTargetFormatTests
{
    private static readonly Vni s_vni = new(100);

    [Test]
    public void WildcardAutoImportReadsAsAnyAs()
    {
        var format = new ImportTargetFormat(Wildcard: true, LocalAs: 65002, Rfc8365: false);

        // What it matches, not only "*:100": the local administrator under any global one, in both auto forms.
        Assert.That(format.Format(ImportRouteTarget.AutoDerived(s_vni), s_vni),
            Is.EqualTo("*:100 or *:268435556 (auto: any AS or IPv4 administrator)"));
    }

    [Test]
    public void ExactAutoImportReadsAsOurOwnTarget()
    {
        Assert.That(new ImportTargetFormat(false, 65002, false).Format(ImportRouteTarget.AutoDerived(s_vni), s_vni), Is.EqualTo("65002:100"));
        Assert.That(new ImportTargetFormat(false, 65002, true).Format(ImportRouteTarget.AutoDerived(s_vni), s_vni), Is.EqualTo("65002:268435556"));
    }

    [Test]
    public void ConfiguredTargetsReadAsConfigured()
    {
        var format = new ImportTargetFormat(true, 65002, false);

        Assert.That(format.Format(ImportRouteTarget.Parse("65001:100"), s_vni), Is.EqualTo("65001:100"));
        Assert.That(format.Format(ImportRouteTarget.Parse("*:200"), s_vni), Is.EqualTo("*:200 (any AS or IPv4 administrator)"));
    }
}
