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

    public int Count => _batch?.Count ?? 0;

    public void Add(in DataplaneIntent intent) => (_batch ??= new DataplaneIntentBatch()).Add(intent);

    /// <summary>The batch gathered so far (now KernelSync's to dispose); null when empty.</summary>
    public DataplaneIntentBatch? Take()
    {
        var batch = _batch;
        _batch = null;
        return batch;
    }
}
