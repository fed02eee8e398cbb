using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Speaker.Tests;

/// <summary>The events cost nothing per route: nothing when nobody listens, no allocation when someone does.</summary>
public sealed class EventAllocationTests
{
    [Test]
    public async Task RaisingRemoteChangesAllocatesNothingWithOrWithoutSubscribers()
    {
        var state = Directory.CreateTempSubdirectory("evpnd-speaker-alloc-").FullName;
        try
        {
            await using var speaker = new EvpnSpeaker(new EvpnSpeakerOptions
            {
                LocalAs = 65001,
                RouterId = IPAddress.Parse("10.255.0.1"),
                LocalVtep = IPAddress.Parse("10.255.0.1"),
                Listen = null,
                KernelSync = false,
                Vnis = [new EvpnVniOptions { Vni = 100 }],
                StateDirectory = state,
            });
            using var batch = new DataplaneIntentBatch();
            var vtep = IpAddressValue.Parse("10.255.0.2");
            for (var i = 0; i < 1000; i++)
            {
                batch.Add(DataplaneIntent.RemoteMac(new Vni(100), new MacAddress(0x0200_0000_0000UL + (ulong)i), vtep, sticky: false));
            }
            batch.Add(DataplaneIntent.FloodVtep(new Vni(100), vtep));
            batch.Add(DataplaneIntent.Neighbor(new Vni(100), IpAddressValue.Parse("192.168.100.1"), new MacAddress(0x0200_0000_0001UL), router: false));
            var request = new ApplyIntents(batch);

            speaker.RaiseRemoteChanges(request);
            var before = GC.GetAllocatedBytesForCurrentThread();
            speaker.RaiseRemoteChanges(request);
            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "no subscriber");

            long macs = 0, vteps = 0, neighbors = 0;
            speaker.RemoteMacChanged += (_, change) => macs += change.Mac.Value > 0 ? 1 : 0;
            speaker.RemoteVtepChanged += (_, _) => vteps++;
            speaker.RemoteNeighborChanged += (_, _) => neighbors++;
            speaker.RaiseRemoteChanges(request);
            before = GC.GetAllocatedBytesForCurrentThread();
            speaker.RaiseRemoteChanges(request);
            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "with subscribers");
            Assert.That((macs, vteps, neighbors), Is.EqualTo((2000L, 2L, 2L)));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
