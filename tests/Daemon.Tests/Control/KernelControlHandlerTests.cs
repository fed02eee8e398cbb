using System.Net;
using Evpnd.Daemon.Control;
using Evpnd.KernelSync;

namespace Evpnd.Daemon.Tests.Control;

public sealed class KernelControlHandlerTests
{
    private static readonly KernelVniInspection s_vni100 = new(new Vni(100), "vxlan100", "br100", true, new KernelEntryCounts(1, 2, 0), new KernelEntryCounts(1, 3, 0),
        new KernelDriftCounts(1, 0, 0, 0, 0, 0), [new KernelEntry(KernelEntryType.Mac, KernelEntryState.Missing, MacAddress.Parse("02:00:00:00:00:03"), IPAddress.Parse("10.0.0.2"))], null);

    [Test]
    public async Task TheWorkersAnswerBecomesTheJsonOfShowKernel_AndVniAsksForEveryEntry()
    {
        InspectKernel? asked = null;
        var handler = new KernelControlHandler((request, _) =>
        {
            asked = (InspectKernel)request;
            asked.Result.SetResult(new KernelInspection([s_vni100], GraceOver: true));
            return ValueTask.CompletedTask;
        });

        var json = (await handler.HandleAsync("show kernel", new Dictionary<string, string> { ["vni"] = "100" }, CancellationToken.None))!;

        Assert.That((asked!.Vni, asked.WithEntries, asked.CountsOnly), Is.EqualTo(((Vni?)new Vni(100), true, false)));
        var vni = json["vnis"]![0]!;
        Assert.That((int)vni["vni"]!, Is.EqualTo(100));
        Assert.That((int)vni["owned"]!["macs"]!, Is.EqualTo(2));
        Assert.That((int)vni["drift"]!["total"]!, Is.EqualTo(1));
        Assert.That(vni["differences"]![0]!.ToJsonString(), Is.EqualTo("""{"type":"mac","state":"missing","mac":"02:00:00:00:00:03","address":"10.0.0.2"}"""));
        Assert.That((bool)json["graceOver"]!, Is.True);
    }

    [TestCase("0", "'0' is not a VNI (1..16777215)")]
    [TestCase("x", "'x' is not a VNI (1..16777215)")]
    [TestCase("200", "VNI 200 has no device and no entries evpnd wants")]
    public void AVniItCannotShowIsOneSentence(string vni, string error)
    {
        var handler = new KernelControlHandler((request, _) =>
        {
            ((InspectKernel)request).Result.SetResult(new KernelInspection([], GraceOver: true));
            return ValueTask.CompletedTask;
        });

        var thrown = Assert.ThrowsAsync<ControlException>(async () => await handler.HandleAsync("show kernel", new Dictionary<string, string> { ["vni"] = vni }, CancellationToken.None));
        Assert.That(thrown!.Message, Is.EqualTo(error));
    }

    [Test]
    public void AWorkerThatDoesNotAnswerIsOneSentence()
    {
        var handler = new KernelControlHandler((_, _) => ValueTask.CompletedTask, TimeSpan.FromMilliseconds(100));

        var thrown = Assert.ThrowsAsync<ControlException>(async () => await handler.HandleAsync("show kernel", new Dictionary<string, string>(), CancellationToken.None));
        Assert.That(thrown!.Message, Does.StartWith("the kernel worker did not answer within 0.1 s; it is busy or not running"));
    }
}
