using System.Net;
using System.Threading.Channels;
using Evpnd.KernelSync;

namespace Evpnd.Speaker.Tests;

/// <summary>
/// The public API end to end, kernel sync off: two speakers over loopback TCP (eBGP), one given
/// local MACs, the other reporting them as remote MACs and VTEPs through its events.
/// </summary>
public sealed class EvpnSpeakerTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);
    private static readonly Vni s_vni = new(100);
    private static readonly IPAddress s_vtepA = IPAddress.Parse("10.255.0.1");
    private static readonly IPAddress s_vtepB = IPAddress.Parse("10.255.0.2");
    private static readonly MacAddress s_mac = MacAddress.Parse("02:00:00:00:01:01");
    private static readonly MacAddress s_early = MacAddress.Parse("02:00:00:00:01:02");

    private readonly List<EvpnSpeaker> _speakers = [];
    private string _stateRoot = "";

    [SetUp]
    public void SetUp() => _stateRoot = Directory.CreateTempSubdirectory("evpnd-speaker-tests-").FullName;

    [TearDown]
    public async Task TearDown()
    {
        foreach (var speaker in _speakers)
        {
            await speaker.DisposeAsync();
        }
        _speakers.Clear();
        Directory.Delete(_stateRoot, recursive: true);
    }

    [Test]
    public async Task LocalMacsOfOneSpeakerAreTheOthersRemoteMacsUntilRemoved()
    {
        var (a, b) = await PairAsync();
        var macs = new EventLog<RemoteMacChange>(h => b.RemoteMacChanged += h);
        var vteps = new EventLog<RemoteVtepChange>(h => b.RemoteVtepChanged += h);
        var neighbors = new EventLog<RemoteNeighborChange>(h => b.RemoteNeighborChanged += h);

        await b.StartAsync();
        Assert.That(await a.AddLocalMacAsync(s_vni, s_mac, IPAddress.Parse("192.168.100.1")), Is.True);

        var vtep = await vteps.WaitForAsync(c => c.Kind == RemoteChangeKind.Added, "B to learn A's VTEP (type 3)");
        var learnedEarly = await macs.WaitForAsync(c => c.Mac == s_early && c.Kind == RemoteChangeKind.Added, "B to learn the MAC A was given before its start");
        var learned = await macs.WaitForAsync(c => c.Mac == s_mac && c.Kind == RemoteChangeKind.Added, "B to learn A's MAC");
        var ip = await neighbors.WaitForAsync(c => c.Kind == RemoteChangeKind.Added, "B to learn the IP of A's MAC");
        Assert.Multiple(() =>
        {
            Assert.That(vtep.Vni, Is.EqualTo(s_vni));
            Assert.That(vtep.Vtep, Is.EqualTo(s_vtepA));
            Assert.That(learnedEarly.Vtep, Is.EqualTo(s_vtepA));
            Assert.That(learned.Vni, Is.EqualTo(s_vni));
            Assert.That(learned.Vtep, Is.EqualTo(s_vtepA));
            Assert.That(learned.Sticky, Is.True, "a MAC added through the API is static (RFC 7432 s15.2)");
            Assert.That(ip.Ip, Is.EqualTo(IPAddress.Parse("192.168.100.1")));
            Assert.That(ip.Mac, Is.EqualTo(s_mac));
            Assert.That(ip.Vni, Is.EqualTo(s_vni));
        });

        Assert.That(await a.RemoveLocalMacAsync(s_vni, s_mac), Is.True);
        await macs.WaitForAsync(c => c.Mac == s_mac && c.Kind == RemoteChangeKind.Removed, "B to see A's MAC withdrawn");
        await neighbors.WaitForAsync(c => c.Kind == RemoteChangeKind.Removed, "B to see the IP of A's MAC withdrawn");
        Assert.That(await a.RemoveLocalMacAsync(s_vni, s_mac), Is.False, "removed twice");
        Assert.That(macs.All.Any(c => c.Mac == s_early && c.Kind == RemoteChangeKind.Removed), Is.False, "the other MAC stays");
    }

    [Test]
    public async Task AddingTheSameHostTwiceReportsItWasThere()
    {
        var speaker = Build("solo", s_vtepA, listen: null);
        await speaker.StartAsync();
        Assert.That(await speaker.AddLocalMacAsync(s_vni, s_mac), Is.True);
        Assert.That(await speaker.AddLocalMacAsync(s_vni, s_mac), Is.False);
        Assert.That(await speaker.AddLocalMacAsync(s_vni, s_mac, IPAddress.Parse("192.168.100.1")), Is.True, "a new IP of the MAC");
    }

    [Test]
    public void AMacOnAVniTheSpeakerDoesNotServeIsRefusedWithWhatToDo()
    {
        var speaker = Build("solo", s_vtepA, listen: null);
        var e = Assert.ThrowsAsync<ArgumentException>(() => speaker.AddLocalMacAsync(new Vni(200), s_mac));
        Assert.That(e!.Message, Does.Contain("VNI 200").And.Contain("EvpnSpeakerOptions.Vnis"));
    }

    [Test]
    public void AGroupMacIsRefused()
    {
        var speaker = Build("solo", s_vtepA, listen: null);
        Assert.ThrowsAsync<ArgumentException>(() => speaker.AddLocalMacAsync(s_vni, MacAddress.Parse("01:00:5e:00:00:01")));
    }

    [Test]
    public async Task AStoppedSpeakerRefusesChanges()
    {
        var speaker = Build("solo", s_vtepA, listen: null);
        await speaker.StartAsync();
        await speaker.StopAsync();
        await speaker.StopAsync();
        Assert.ThrowsAsync<InvalidOperationException>(() => speaker.AddLocalMacAsync(s_vni, s_mac));
        Assert.ThrowsAsync<InvalidOperationException>(() => speaker.StartAsync());
    }

    [Test]
    public async Task StoppingCompletesTheCompletionTask()
    {
        var speaker = Build("solo", s_vtepA, listen: null);
        await speaker.StartAsync();
        Assert.That(speaker.Completion.IsCompleted, Is.False);
        await speaker.StopAsync();
        Assert.That(speaker.Completion.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public async Task StoppingASpeakerNeverStartedCompletesItToo()
    {
        var speaker = Build("never", s_vtepA, listen: null);
        await speaker.StopAsync();
        Assert.That(speaker.Completion.IsCompletedSuccessfully, Is.True);
        Assert.ThrowsAsync<InvalidOperationException>(() => speaker.StartAsync());
    }

    [Test]
    public async Task APortInUseFailsTheStartWithOneSentenceAndStopsTheWorkers()
    {
        using var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var speaker = Build("busy", s_vtepA, new IPEndPoint(IPAddress.Loopback, port));

        var e = Assert.ThrowsAsync<InvalidOperationException>(() => speaker.StartAsync());

        Assert.That(e!.Message, Does.Contain($"{port}"));
        await speaker.Completion.WaitAsync(s_deadline);
        Assert.ThrowsAsync<InvalidOperationException>(() => speaker.AddLocalMacAsync(s_vni, s_mac));
    }

    [Test]
    public void WithoutKernelSyncEveryVniNeedsAVtepAddress()
    {
        var e = Assert.Throws<ArgumentException>(() => new EvpnSpeaker(Options("novtep", vtep: null, listen: null)));
        Assert.That(e!.Message, Does.Contain("VNI 100").And.Contain("LocalVtep"));
    }

    [Test]
    public void AnIpv6RouterIdIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new EvpnSpeaker(Options("v6", s_vtepA, listen: null) with { RouterId = IPAddress.IPv6Loopback }));
        Assert.That(e!.Message, Does.Contain("RouterId").And.Contain("IPv4"));
    }

    [TestCase(0u)]
    [TestCase(16777216u)]
    public void AVniOutsideTwentyFourBitsIsRefused(uint vni)
    {
        var e = Assert.Throws<ArgumentException>(() => new EvpnSpeaker(Options("range", s_vtepA, listen: null) with { Vnis = [new EvpnVniOptions { Vni = vni }] }));
        Assert.That(e!.Message, Does.Contain($"VNI {vni}"));
    }

    [Test]
    public void ABadRouteTargetNamesTheVni()
    {
        var options = Options("rt", s_vtepA, listen: null) with { Vnis = [new EvpnVniOptions { Vni = 100, ExportRouteTargets = ["nonsense"] }] };
        var e = Assert.Throws<ArgumentException>(() => new EvpnSpeaker(options));
        Assert.That(e!.Message, Does.Contain("VNI 100").And.Contain("nonsense"));
    }

    /// <summary>A (started, with a host added before its start) listens on loopback; B (not started) connects to it.</summary>
    private async Task<(EvpnSpeaker A, EvpnSpeaker B)> PairAsync()
    {
        var a = Build("a", s_vtepA, new IPEndPoint(IPAddress.Loopback, 0), new EvpnNeighborOptions { Address = IPAddress.Loopback, RemoteAs = 65002, Passive = true, HoldTime = 9 });
        Assert.That(await a.AddLocalMacAsync(s_vni, s_early), Is.True);
        await a.StartAsync();
        var b = Build("b", s_vtepB, listen: null, new EvpnNeighborOptions { Address = IPAddress.Loopback, RemoteAs = 65001, Port = a.ListenEndPoint!.Port, HoldTime = 9, ConnectRetry = 1 }, asn: 65002);
        return (a, b);
    }

    private EvpnSpeaker Build(string name, IPAddress? vtep, IPEndPoint? listen, EvpnNeighborOptions? neighbor = null, uint asn = 65001)
    {
        var options = Options(name, vtep, listen, asn) with { Neighbors = neighbor is null ? [] : [neighbor] };
        var speaker = new EvpnSpeaker(options);
        _speakers.Add(speaker);
        return speaker;
    }

    private EvpnSpeakerOptions Options(string name, IPAddress? vtep, IPEndPoint? listen, uint asn = 65001) => new()
    {
        LocalAs = asn,
        RouterId = vtep ?? s_vtepA,
        Listen = listen,
        LocalVtep = vtep,
        KernelSync = false,
        GracefulRestart = false,
        Vnis = [new EvpnVniOptions { Vni = s_vni.Value }],
        StateDirectory = Path.Combine(_stateRoot, name),
    };

    /// <summary>Every event a speaker raised, in order; waits for one that matches, seen before the wait or after.</summary>
    private sealed class EventLog<T>
    {
        private readonly List<T> _all = [];
        private readonly Lock _lock = new();
        private readonly Channel<bool> _arrived = Channel.CreateUnbounded<bool>();

        public EventLog(Action<EventHandler<T>> subscribe) => subscribe((_, change) =>
        {
            lock (_lock)
            {
                _all.Add(change);
            }
            _arrived.Writer.TryWrite(true);
        });

        public IReadOnlyList<T> All
        {
            get
            {
                lock (_lock)
                {
                    return [.. _all];
                }
            }
        }

        public async Task<T> WaitForAsync(Func<T, bool> wanted, string what)
        {
            using var deadline = new CancellationTokenSource(s_deadline);
            while (true)
            {
                foreach (var change in All)
                {
                    if (wanted(change))
                    {
                        return change;
                    }
                }
                try
                {
                    await _arrived.Reader.ReadAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"no such event within {s_deadline.TotalSeconds} s: {what}; seen: {string.Join("; ", All)}");
                }
            }
        }
    }
}
