using Evpnd.Daemon.Cli;
using Evpnd.Daemon.Control;

namespace Evpnd.Daemon.Tests.Cli;

public sealed class KernelFormatterTests
{
    [Test]
    public void ASummaryHasOneLinePerVniAndListsWhatDiffers()
    {
        var list = new KernelList(GraceOver: false,
        [
            new KernelVniView(100, "vxlan100", "br100", true, new KernelCountsView(1, 3, 0), new KernelCountsView(1, 3, 1),
                new KernelDriftView(1, 0, 0, 0, 0, 0), [new KernelEntryView("neighbor", "missing", "02:00:00:00:00:01", "192.0.2.1")], null),
            new KernelVniView(200, null, null, false, new KernelCountsView(0, 0, 0), new KernelCountsView(0, 2, 0),
                new KernelDriftView(0, 0, 0, 0, 0, 2), [], null),
        ]);

        var lines = KernelFormatter.Kernel(list).Split('\n');

        Assert.That(lines[0], Does.StartWith("Start-up grace period"));
        Assert.That(lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length > 0 && w[0] is "100" or "200"), Is.EqualTo(new[]
        {
            new[] { "100", "vxlan100", "br100", "1/1", "3/3", "0/1", "M1" },
            new[] { "200", "-", "-", "0/0", "0/2", "0/0", "W2" },
        }));
        Assert.That(lines, Does.Contain("VNI 100: 1 entries differ from what evpnd wants"));
        Assert.That(lines.Last(l => l.Length > 0).Split(' ', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "neighbor", "missing", "02:00:00:00:00:01", "192.0.2.1" }));
    }
}
