namespace Evpnd.Bgp.Rib;

/// <summary>
/// Told of the routes whose best path changed (the EVPN import layer: import by route target
/// into VNIs, dataplane intents). Called on the RIB worker's thread with the net change of every
/// route a RIB batch touched, in order, in spans of a few hundred changes (a large batch, such as
/// a session loss, takes several calls): do not block, and copy what you keep
/// (the span is the worker's buffer and is reused; the memory the changes point to is immutable
/// and stays valid) before posting it to your own channel as one message.
/// </summary>
public interface IBestPathObserver
{
    void BestPathsChanged(ReadOnlySpan<BestPathChange> changes);

    /// <summary>
    /// Null while the observer has room for more changes; else a task that completes once it has.
    /// Until then the RIB worker reads nothing more from its peers and withdraws no more of a
    /// session that went down (local originations and queries are still served): the observer's
    /// backlog, not the size of a table, bounds what is on its way downstream, and TCP slows the
    /// peers down. Called on the RIB worker's thread.
    /// </summary>
    Task? WaitForRoom() => null;
}
