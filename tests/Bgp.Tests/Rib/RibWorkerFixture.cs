using Evpnd.Bgp.Rib;
using Microsoft.Extensions.Logging;

namespace Evpnd.Bgp.Tests.Rib;

/// <summary>A running RIB worker with helpers that post events and wait until they are handled.</summary>
internal sealed class RibWorkerFixture : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public RibWorkerFixture(RibOptions? options = null, params IBestPathObserver[] observers)
        : this(options, null, observers)
    {
    }

    public RibWorkerFixture(RibOptions? options, ILogger? logger, params IBestPathObserver[] observers)
    {
        Worker = new RibWorker(options ?? RibTestData.Options(), logger);
        Worker.AddObserver(Observer);
        foreach (var observer in observers)
        {
            Worker.AddObserver(observer);
        }
        _run = Worker.RunAsync(_stop.Token);
    }

    public RibWorker Worker { get; }

    public RecordingObserver Observer { get; } = new();

    /// <summary>Brings a peer up and waits for its initial dump.</summary>
    public async Task<RecordingRibPeer> UpAsync(RecordingRibPeer peer)
    {
        Worker.PeerUp(peer);
        await SettleAsync();
        return peer;
    }

    public async Task SendAsync(RecordingRibPeer from, params IEnumerable<byte[]> updates)
    {
        foreach (var update in updates)
        {
            await Worker.UpdateReceivedAsync(from, update, CancellationToken.None);
        }
        await SettleAsync();
    }

    /// <summary>
    /// Waits until everything posted so far is handled and its UPDATEs are out: a query is
    /// answered in order, after the pending changes were sent.
    /// </summary>
    public Task SettleAsync() => LocRibAsync();

    public async Task<IReadOnlyList<RibRoute>> LocRibAsync() =>
        await Worker.QueryAsync(RibView.LocRib, RibTestData.Evpn).WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
