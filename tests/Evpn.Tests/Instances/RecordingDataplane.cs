using System.Net;
using Evpnd.Evpn.Instances;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Tests.Instances;

/// <summary>Records every dataplane intent as one line, in order.</summary>
internal sealed class RecordingDataplane : IDataplaneIntentSink
{
    public List<string> Log { get; } = [];

    public void FloodVtepAdded(Vni vni, IPAddress vtep) => Log.Add($"flood+ {vni} {vtep}");

    public void FloodVtepRemoved(Vni vni, IPAddress vtep) => Log.Add($"flood- {vni} {vtep}");

    public void RemoteMacChanged(Vni vni, MacAddress mac, IPAddress vtep, bool sticky, uint sequence) =>
        Log.Add($"mac {vni} {mac} {vtep}{(sticky ? " sticky" : "")} seq {sequence}");

    public void RemoteMacRemoved(Vni vni, MacAddress mac) => Log.Add($"mac- {vni} {mac}");

    public void RemoteNeighborChanged(Vni vni, IPAddress ip, MacAddress mac) => Log.Add($"neigh {vni} {ip} {mac}");

    public void RemoteNeighborRemoved(Vni vni, IPAddress ip) => Log.Add($"neigh- {vni} {ip}");

    /// <summary>The lines logged since the last call.</summary>
    public List<string> Take()
    {
        var taken = Log.ToList();
        Log.Clear();
        return taken;
    }
}
