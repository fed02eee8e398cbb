using System.Net;
using System.Threading.Channels;
using Evpnd.Bgp.Rib;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Tests.Instances;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Worker;

/// <summary>
/// An <see cref="EvpnWorker"/> running on its own task (router id 10.0.0.1, AS 65001) with a
/// recording RIB, a logger, and the KernelSync channels in the test's hands.
/// </summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    private readonly Channel<KernelSyncRequest> _kernel = Channel.CreateUnbounded<KernelSyncRequest>();
    private readonly Channel<KernelEvent> _events = Channel.CreateUnbounded<KernelEvent>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public WorkerHarness(IReadOnlyList<ConfiguredVni>? vnis = null, bool advertiseAllVni = false, FloodingMode flooding = FloodingMode.HeadEndReplication)
    {
        Worker = new EvpnWorker(
            new EvpnWorkerOptions
            {
                Engine = new EvpnEngineOptions { RouterId = EngineFixture.RouterId, LocalAs = EngineFixture.LocalAs, Flooding = flooding },
                Vnis = vnis ?? [],
                AdvertiseAllVni = advertiseAllVni,
            },
            Rib,
            _kernel.Writer,
            _events.Reader,
            Log);
        _run = Worker.RunAsync(_stop.Token);
    }

    public EvpnWorker Worker { get; }

    public RecordingRib Rib { get; } = new();

    public RecordingLogger Log { get; } = new();

    /// <summary>Every intent handed to KernelSync so far, in order.</summary>
    public List<DataplaneIntent> Intents { get; } = [];

    /// <summary>For each of <see cref="Intents"/>, when the UPDATE behind it arrived (its batch's stamp; 0: none).</summary>
    public List<long> IntentsReceivedAt { get; } = [];

    /// <summary>How many <see cref="ApplyIntents"/> requests carried them.</summary>
    public int IntentBatches { get; private set; }

    /// <summary>The requests handed to KernelSync, in order: "intents" or "complete" (<see cref="DesiredStateComplete"/>).</summary>
    public List<string> Requests { get; } = [];

    public static VniState Usable(uint vni, string vtep = "10.0.0.1", string? group = null) =>
        new(new Vni(vni), $"vxlan{vni}", true, $"br{vni}", IPAddress.Parse(vtep), group is null ? null : IPAddress.Parse(group), null) { DeviceIfindex = 10, BridgeIfindex = 11 };

    /// <summary>A kernel event, straight into the worker's inbox (in order with the other posts).</summary>
    public void Kernel(KernelEvent e) => Worker.Post(new KernelEventReceived(e));

    /// <summary>A RIB batch, as the RIB worker calls its observers.</summary>
    public void BestPaths(params BestPathChange[] changes) => ((IBestPathObserver)Worker).BestPathsChanged(changes);

    /// <summary>Waits until the worker has handled everything posted before and handed it on.</summary>
    public async Task SettleAsync()
    {
        // A call is answered in the inbox's order, after its drain was handed on.
        await Worker.CallAsync(_ => 0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        while (_kernel.Reader.TryRead(out var request))
        {
            if (request is DesiredStateComplete)
            {
                Requests.Add("complete");
                continue;
            }

            Requests.Add("intents");
            var apply = (ApplyIntents)request;
            IntentBatches++;
            var stamps = apply.Batch.Stamps;
            for (var i = 0; i < apply.Batch.Count; i++)
            {
                IntentsReceivedAt.Add(stamps.LastOrDefault(s => s.Start <= i).ReceivedAt);
            }

            Intents.AddRange(apply.Batch.Items.ToArray());
            apply.Batch.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
