using Evpnd.Bgp.Rib;

namespace Evpnd.Bgp.Tests.Rib;

internal sealed class RecordingObserver : IBestPathObserver
{
    public List<BestPathChange> Changes { get; } = new();

    public void BestPathChanged(in BestPathChange change)
    {
        lock (Changes)
        {
            Changes.Add(change);
        }
    }
}
