namespace Evpnd.Bgp.Rib;

/// <summary>
/// Told of every route whose best path changed (the EVPN import layer: import by route target
/// into VNIs, dataplane intents). Called on the RIB worker's thread once per route per batch,
/// with the net change: do not block, post further work to your own channel.
/// </summary>
public interface IBestPathObserver
{
    void BestPathChanged(in BestPathChange change);
}
