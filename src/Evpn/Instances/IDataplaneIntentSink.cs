using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// What the engine wants the kernel to hold, per VNI, as net changes only (KernelSync turns them
/// into FDB and neighbour entries). A "changed" call adds or replaces.
/// </summary>
public interface IDataplaneIntentSink
{
    /// <summary>A remote VTEP joins the VNI's head-end replication list (RFC 8365 s9, type-3 with ingress replication).</summary>
    void FloodVtepAdded(Vni vni, IPAddress vtep);

    void FloodVtepRemoved(Vni vni, IPAddress vtep);

    void RemoteMacChanged(Vni vni, MacAddress mac, IPAddress vtep, bool sticky, uint sequence);

    void RemoteMacRemoved(Vni vni, MacAddress mac);

    void RemoteNeighborChanged(Vni vni, IPAddress ip, MacAddress mac);

    void RemoteNeighborRemoved(Vni vni, IPAddress ip);
}
