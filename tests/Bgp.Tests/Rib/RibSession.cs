using System.Net;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Tests.Session;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>
/// A running RIB worker behind a speaker with one passive eBGP neighbor on loopback: the session
/// engine and the RIB as the daemon wires them. Disposing stops both and dumps the log of a
/// failed test.
/// </summary>
internal sealed class RibSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private RibSession(RibWorker worker, BgpSpeaker speaker, TestLogger logger)
    {
        Worker = worker;
        Speaker = speaker;
        Logger = logger;
        _run = worker.RunAsync(_stop.Token);
    }

    public RibWorker Worker { get; }

    public BgpSpeaker Speaker { get; }

    public TestLogger Logger { get; }

    public static async Task<RibSession> StartAsync(RibWorker worker, uint remoteAs = 0)
    {
        var logger = new TestLogger("rib");
        var speaker = new BgpSpeaker(new SpeakerConfig
        {
            RouterId = RibTestData.RouterId,
            LocalAs = RibTestData.LocalAs,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Neighbors = [remoteAs == 0
                ? new PeerConfig { Address = IPAddress.Loopback, RemoteAsKind = RemoteAsKind.External, Passive = true }
                : new PeerConfig { Address = IPAddress.Loopback, RemoteAs = remoteAs, Passive = true }],
        }, logger, worker);
        var session = new RibSession(worker, speaker, logger);
        await speaker.StartAsync();
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            Logger.Dump();
        }
        await Speaker.StopAsync(null, TimeSpan.FromSeconds(1));
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
