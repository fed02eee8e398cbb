using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>One MAC of one VNI as the CLI shows it (<c>evpnd show evpn macs</c>).</summary>
/// <param name="RemoteVtep">Where the MAC is; null when it is local.</param>
/// <param name="Advertised">A local MAC we advertise (false while it is a duplicate).</param>
/// <param name="Peer">The BGP peer the remote MAC's best route came from; null when it is local.</param>
public sealed record EvpnMacSnapshot(
    Vni Vni,
    MacAddress Mac,
    IReadOnlyList<IPAddress> Ips,
    IPAddress? RemoteVtep,
    uint Sequence,
    bool Sticky,
    bool Advertised,
    bool Duplicate,
    bool Frozen,
    IPAddress? Peer = null)
{
    public bool IsLocal => RemoteVtep is null;
}
