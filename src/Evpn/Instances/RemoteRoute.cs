using System.Collections.Immutable;
using System.Net;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>One EVPN route a peer advertises (the RIB's best path for its key), as the engine keeps it.</summary>
internal sealed class RemoteRoute
{
    public required byte[] Key { get; init; }

    public required EvpnRoute Route { get; init; }

    public required ImmutableArray<RouteTarget> RouteTargets { get; init; }

    /// <summary>The MP_REACH next hop: the remote VTEP (RFC 8365 s5.1.3).</summary>
    public required IpAddressValue NextHop { get; init; }

    public IPAddress? Peer { get; init; }

    /// <summary>Type 2: the MAC Mobility community's sequence (0 when absent, RFC 7432 s15.1).</summary>
    public uint Sequence { get; init; }

    public bool Sticky { get; init; }

    /// <summary>Type 3: the VTEP to replicate BUM traffic to, or none when the tunnel is not ingress replication.</summary>
    public IpAddressValue FloodVtep { get; init; }

    /// <summary>The local VNIs whose import RTs matched.</summary>
    public List<Vni> ImportedInto { get; } = [];

    public MacIpAdvertisementRoute? MacIp => Route as MacIpAdvertisementRoute;

    /// <summary>
    /// The EVPN type-2 order (RFC 7432 s15.2, FRR's order): sticky first, then the higher
    /// sequence, then the lower VTEP address; the key keeps the order total.
    /// </summary>
    public static int Compare(RemoteRoute x, RemoteRoute y)
    {
        if (x.Sticky != y.Sticky)
        {
            return x.Sticky ? -1 : 1;
        }
        if (x.Sequence != y.Sequence)
        {
            return x.Sequence > y.Sequence ? -1 : 1;
        }
        int byVtep = CompareAddresses(x.NextHop, y.NextHop);
        return byVtep != 0 ? byVtep : x.Key.AsSpan().SequenceCompareTo(y.Key);
    }

    public static int CompareAddresses(IpAddressValue x, IpAddressValue y) =>
        x.ByteLength != y.ByteLength ? x.ByteLength.CompareTo(y.ByteLength) : x.Bits.CompareTo(y.Bits);
}
