using System.Net;
using Evpnd.KernelSync.Netlink;
using Evpnd.KernelSync.Tests.Lab;

namespace Evpnd.KernelSync.Tests.Netlink;

[TestFixture]
[NonParallelizable]
public sealed class FdbBatchTests
{
    private static readonly IPAddress[] s_vteps = [IPAddress.Parse("10.0.0.2"), IPAddress.Parse("10.0.0.3"), IPAddress.Parse("10.0.0.4")];

    [Test]
    public void ThousandsOfEntriesGoInWithFewSendsAndComeOutAgain()
    {
        using var lab = new VxlanLab("b0");
        using var client = lab.OpenClient();
        var macs = Enumerable.Range(0, 3000)
            .Select(i => new RemoteMacEntry(lab.VxlanIfindex, lab.BridgeIfindex, new MacAddress(0x0200_0000_0000UL + (ulong)i), s_vteps[i % 3]))
            .ToList();

        using (var batch = client.CreateBatch())
        {
            foreach (var vtep in s_vteps)
            {
                batch.AddFloodEntry(new FloodEntry(lab.VxlanIfindex, vtep));
            }

            macs.ForEach(m => batch.ReplaceRemoteMac(m));
            Assert.That(batch.Flush(), Is.Empty);
            Assert.That(batch.Sends, Is.EqualTo((3003 + 31) / 32));
        }

        var vxlanEntries = client.DumpFdb(lab.VxlanIfindex).Where(r => r.Flags.HasFlag(NeighborFlags.Self) && r.Destination is not null).ToList();
        Assert.That(vxlanEntries, Has.Count.EqualTo(3003));
        Assert.That(vxlanEntries.Single(r => r.Mac == macs[1234].Mac).Destination, Is.EqualTo(macs[1234].RemoteVtep));
        var shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Split('\n');
        Assert.That(shown.Count(l => l.Contains("self extern_learn")), Is.EqualTo(3000));
        Assert.That(shown.Count(l => l.Contains("master br0 extern_learn") || l.Contains("extern_learn master br0")), Is.EqualTo(3000));

        using (var batch = client.CreateBatch())
        {
            macs.ForEach(m => batch.DeleteRemoteMac(m));
            batch.DeleteFloodEntry(new FloodEntry(lab.VxlanIfindex, s_vteps[0]));
            Assert.That(batch.Flush(), Is.Empty);
        }

        shown = lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Split('\n');
        Assert.That(shown.Count(l => l.Contains("extern_learn")), Is.Zero);
        Assert.That(shown.Count(l => l.StartsWith("00:00:00:00:00:00", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public void ARefusedRequestInTheMiddleIsReportedAndTheOthersStillApply()
    {
        using var lab = new VxlanLab("b1");
        using var client = lab.OpenClient();
        using var batch = client.CreateBatch();

        for (var i = 0; i < 10; i++)
        {
            var ifindex = i == 6 ? 99999 : lab.VxlanIfindex;
            batch.ReplaceRemoteMac(new RemoteMacEntry(ifindex, lab.BridgeIfindex, new MacAddress(0x0200_0000_1000UL + (ulong)i), s_vteps[0]));
        }

        var failures = batch.Flush();

        Assert.That(failures.Select(f => f.Index), Is.EqualTo(new[] { 6 }));
        Assert.That(failures[0].Errno, Is.EqualTo(19));
        Assert.That(failures[0].ExtendedAck, Is.Not.Null.And.Not.Empty);
        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Split('\n').Count(l => l.Contains("self extern_learn")), Is.EqualTo(9));
    }

    [Test]
    public void RefusedRequestsFirstAndLastInADatagramAreReportedOnce()
    {
        // Only a datagram's last request asks for an ACK: a failure anywhere in it must still be
        // reported, the last one's included, and the datagrams after it must still go.
        using var lab = new VxlanLab("b2");
        using var client = lab.OpenClient();
        using var batch = client.CreateBatch();
        var refused = new[] { 0, FdbBatch.DefaultRequestsPerSend - 1, FdbBatch.DefaultRequestsPerSend, 70 };
        for (var i = 0; i < 71; i++)
        {
            var ifindex = refused.Contains(i) ? 99999 : lab.VxlanIfindex;
            batch.ReplaceRemoteMac(new RemoteMacEntry(ifindex, lab.BridgeIfindex, new MacAddress(0x0200_0000_2000UL + (ulong)i), s_vteps[0]));
        }

        var failures = batch.Flush();

        Assert.That(failures.Select(f => f.Index), Is.EqualTo(refused));
        Assert.That(failures.Select(f => f.Errno), Is.All.EqualTo(19));
        Assert.That(lab.Vtep.Bridge("fdb", "show", "dev", "vxlan100").Split('\n').Count(l => l.Contains("self extern_learn")), Is.EqualTo(71 - refused.Length));
    }
}
