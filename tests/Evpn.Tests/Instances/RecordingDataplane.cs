using Evpnd.Evpn.Instances;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>Records every dataplane intent as one line, in order.</summary>
internal sealed class RecordingDataplane : IDataplaneIntentSink
{
    public List<string> Log { get; } = [];

    public void Add(in DataplaneIntent intent) => Log.Add(intent.Kind switch
    {
        DataplaneIntentKind.FloodVtepWanted => $"flood+ {intent.Vni} {intent.Address}",
        DataplaneIntentKind.FloodVtepWithdrawn => $"flood- {intent.Vni} {intent.Address}",
        DataplaneIntentKind.RemoteMacWanted => $"mac {intent.Vni} {intent.Mac} {intent.Address}{(intent.Sticky ? " sticky" : "")}",
        DataplaneIntentKind.RemoteMacWithdrawn => $"mac- {intent.Vni} {intent.Mac}",
        DataplaneIntentKind.NeighborWanted => $"neigh {intent.Vni} {intent.Address} {intent.Mac}{(intent.Router ? " router" : "")}",
        DataplaneIntentKind.NeighborWithdrawn => $"neigh- {intent.Vni} {intent.Address}",
    });

    /// <summary>The lines logged since the last call.</summary>
    public List<string> Take()
    {
        var taken = Log.ToList();
        Log.Clear();
        return taken;
    }
}
