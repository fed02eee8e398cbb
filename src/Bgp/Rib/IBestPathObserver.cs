namespace Evpnd.Bgp.Rib;

/// <summary>
/// Told of the routes whose best path changed (the EVPN import layer: import by route target
/// into VNIs, dataplane intents). Called on the RIB worker's thread once per RIB batch with the
/// net change of every route the batch touched, in one span: do not block, and copy what you keep
/// (the span is the worker's buffer and is reused; the memory the changes point to is immutable
/// and stays valid) before posting it to your own channel as one message.
/// </summary>
public interface IBestPathObserver
{
    void BestPathsChanged(ReadOnlySpan<BestPathChange> changes);
}
