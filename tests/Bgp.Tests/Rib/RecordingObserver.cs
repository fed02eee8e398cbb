using Evpnd.Bgp.Rib;

namespace Evpnd.Bgp.Tests.Rib;

internal sealed class RecordingObserver : IBestPathObserver
{
    public List<BestPathChange> Changes { get; } = new();

    /// <summary>How many calls the changes came in (one per RIB batch).</summary>
    public int Batches { get; private set; }

    public void BestPathsChanged(ReadOnlySpan<BestPathChange> changes)
    {
        lock (Changes)
        {
            Batches++;
            foreach (var change in changes)
            {
                Changes.Add(change);
            }
        }
    }
}
