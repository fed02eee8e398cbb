using Evpnd.Bgp.Rib;

namespace Evpnd.Bgp.Tests.Rib;

internal sealed class RecordingObserver : IBestPathObserver
{
    public List<BestPathChange> Changes { get; } = new();

    /// <summary>How many calls the changes came in (one per RIB batch, or per chunk of a large one).</summary>
    public int Batches { get; private set; }

    /// <summary>The most changes one call carried.</summary>
    public int LargestBatch { get; private set; }

    public void BestPathsChanged(ReadOnlySpan<BestPathChange> changes)
    {
        lock (Changes)
        {
            Batches++;
            LargestBatch = Math.Max(LargestBatch, changes.Length);
            foreach (var change in changes)
            {
                Changes.Add(change);
            }
        }
    }
}
