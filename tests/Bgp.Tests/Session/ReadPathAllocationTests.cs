using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Tests.Rib;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Tests.Session;

/// <summary>
/// The read loop must not allocate per message (100k+ routes per peer): a burst of EVPN UPDATEs
/// through a real socket, framed, validated and counted, with the process-wide allocation
/// measured around it.
/// </summary>
public sealed class ReadPathAllocationTests
{
    private const int Updates = 50_000;

    /// <summary>An UPDATE with ORIGIN, AS_PATH and MP_REACH_NLRI carrying one EVPN type-2 (MAC) route.</summary>
    private static byte[] EvpnMacUpdate(int index, uint asPathTail = 0)
    {
        var buffer = new byte[256];
        var writer = new UpdateWriter(buffer, UpdateCodecOptions.Default);
        writer.TryAddAttribute(new OriginAttribute(Origin.Igp));
        writer.TryAddAttribute(asPathTail == 0 ? AsPathAttribute.Sequence(65002) : AsPathAttribute.Sequence(65002, asPathTail));
        writer.BeginMpReach(AfiSafi.L2vpnEvpn, [10, 0, 0, 2]);
        // Type(1) Length(1) RD(8) ESI(10) Ethernet Tag(4) MAC length(1) MAC(6) IP length(1) Label(3).
        var nlri = new byte[35];
        nlri[0] = 2;
        nlri[1] = 33;
        nlri[3] = 1;       // RD type 1: IPv4 10.10.10.10 : 0
        nlri.AsSpan(4, 4).Fill(10);
        nlri[24] = 48;
        nlri[25] = 0x02;   // MAC 02:00:ii:ii:ii:ii
        BinaryPrimitives.WriteInt32BigEndian(nlri.AsSpan(27), index);
        nlri[34] = 100;    // VNI 100
        writer.TryAddMpNlri(nlri);
        return writer.Complete().ToArray();
    }

    [Test]
    public async Task UpdateBurst_IsReadWithoutPerMessageAllocation()
    {
        var logger = new TestLogger("A");
        await using var speaker = new BgpSpeaker(new SpeakerConfig
        {
            RouterId = 0x0AFF0001,
            LocalAs = 65001,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Neighbors = [new PeerConfig { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true }],
        }, logger);
        await speaker.StartAsync();
        var neighbor = speaker.Find(IPAddress.Loopback)!;
        await using var raw = await RawPeer.ConnectAsync(speaker.ListenEndPoint!);
        await raw.SendAsync(RawPeer.Open(65002, 0x0AFF0002));
        await raw.ExpectAsync(BgpMessageType.Open, TimeSpan.FromSeconds(20));
        await raw.SendAsync(KeepaliveMessage.Instance);
        await Eventually.That(() => neighbor.State == SessionState.Established, "Established", neighbor.NextStateChangeAsync);

        var one = EvpnMacUpdate(0);
        Assert.That(new UpdateReader(one).Validate(UpdateCodecOptions.Default).IsValid, Is.True, "test UPDATE must be valid");
        var burst = new byte[one.Length * Updates];
        for (var i = 0; i < Updates; i++)
        {
            EvpnMacUpdate(i).CopyTo(burst, i * one.Length);
        }

        // Warm up the path once, then measure.
        await raw.SendRawAsync(one);
        await Eventually.That(() => neighbor.UpdatesReceived == 1, "the warm-up UPDATE");
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await raw.SendRawAsync(burst);
        await Eventually.That(() => neighbor.UpdatesReceived == Updates + 1, "all UPDATEs counted");
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        TestContext.Out.WriteLine($"{Updates} UPDATEs in {clock.ElapsedMilliseconds} ms, {allocated} bytes allocated process-wide ({(double)allocated / Updates:F2} per UPDATE)");
        // A fixed cost remains (a pipe segment, the test's polling): about 140 kB here. The smallest
        // object allocated per UPDATE (24 bytes) would add 1.2 MB, so 8 bytes per UPDATE tells them apart.
        Assert.That(allocated, Is.LessThan(Updates * 8L));
        Assert.That(neighbor.State, Is.EqualTo(SessionState.Established));
    }

    /// <summary>
    /// The same through the RIB worker: socket, framing, the one RFC 7606 check, the peer's inbox
    /// and the RIB insert. At steady state (routes the RIB holds, attribute sets it knows: here each
    /// route moves between two sets) nothing is allocated per UPDATE.
    /// </summary>
    [Test]
    public async Task UpdateBurst_IntoTheRib_AllocatesNothingPerUpdateAtSteadyState()
    {
        var counter = new ChangeCounter();
        var worker = new RibWorker(RibTestData.Options());
        worker.AddObserver(counter);
        await using var session = await RibSession.StartAsync(worker, remoteAs: 65002);
        var neighbor = session.Speaker.Find(IPAddress.Loopback)!;
        await using var raw = await RawPeer.ConnectAsync(session.Speaker.ListenEndPoint!);
        await raw.SendAsync(RawPeer.Open(65002, 0x0AFF0002));
        await raw.ExpectAsync(BgpMessageType.Open, TimeSpan.FromSeconds(20));
        await raw.SendAsync(KeepaliveMessage.Instance);
        await Eventually.That(() => neighbor.State == SessionState.Established, "Established", neighbor.NextStateChangeAsync);

        byte[] Burst(uint tail)
        {
            var one = EvpnMacUpdate(0, tail);
            var burst = new byte[one.Length * Updates];
            for (var i = 0; i < Updates; i++)
            {
                EvpnMacUpdate(i, tail).CopyTo(burst, i * one.Length);
            }
            return burst;
        }
        var a = Burst(64601);
        var b = Burst(64602);

        // Warm up: the routes go into the RIB under one set, then move to the other.
        await raw.SendRawAsync(a);
        await Eventually.That(() => counter.Changes == Updates, "the routes in the RIB", timeout: TimeSpan.FromSeconds(60));
        await raw.SendRawAsync(b);
        await Eventually.That(() => counter.Changes == 2 * Updates, "the routes moved", timeout: TimeSpan.FromSeconds(60));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await raw.SendRawAsync(a);
        await Eventually.That(() => counter.Changes == 3 * Updates, "every route moved back", timeout: TimeSpan.FromSeconds(60));
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        TestContext.Out.WriteLine($"{Updates} UPDATEs into the RIB in {clock.ElapsedMilliseconds} ms, {allocated} bytes allocated process-wide ({(double)allocated / Updates:F2} per UPDATE)");
        Assert.That(allocated, Is.LessThan(Updates * 8L));
        Assert.That(neighbor.State, Is.EqualTo(SessionState.Established));
    }

    /// <summary>Counts best-path changes without allocating.</summary>
    private sealed class ChangeCounter : IBestPathObserver
    {
        private int _changes;

        public int Changes => Volatile.Read(ref _changes);

        public void BestPathsChanged(ReadOnlySpan<BestPathChange> changes) => Interlocked.Add(ref _changes, changes.Length);
    }
}
