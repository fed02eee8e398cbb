using Evpnd.Evpn.Instances;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Worker;

/// <summary>
/// The engine's dataplane intents, gathered into one <see cref="DataplaneIntentBatch"/> until the
/// worker hands it to KernelSync as one <see cref="ApplyIntents"/> request.
/// </summary>
internal sealed class IntentBatcher : IDataplaneIntentSink
{
    private DataplaneIntentBatch? _batch;
    private long _receivedAt;

    public int Count => _batch?.Count ?? 0;

    public void Add(in DataplaneIntent intent)
    {
        if (_batch is null)
        {
            _batch = new DataplaneIntentBatch();
            _batch.MarkReceived(_receivedAt);
        }

        _batch.Add(intent);
    }

    /// <summary>The intents added from now on follow from UPDATEs received then (Stopwatch ticks; 0: from nothing received).</summary>
    public void MarkReceived(long receivedAt)
    {
        _receivedAt = receivedAt;
        _batch?.MarkReceived(receivedAt);
    }

    /// <summary>The batch gathered so far (now KernelSync's to dispose); null when empty.</summary>
    public DataplaneIntentBatch? Take()
    {
        var batch = _batch;
        _batch = null;
        return batch;
    }
}
