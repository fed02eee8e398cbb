using System.Net;

namespace Evpnd.Bgp.Rib;

/// <summary>
/// The BGP decision process between two paths for the same route (RFC 4271 s9.1.2.2 with the
/// RFC 4456 s9 route-reflection rules). Negative: the first path is better.
/// </summary>
/// <remarks>
/// MED is compared only between paths from the same neighbor AS, pairwise, as RFC 4271 s9.1.2.2 c
/// says; IGP cost to the next hop (step e) is not known to this speaker and is treated as equal.
/// Family-specific preferences (EVPN MAC mobility) are applied where routes are imported into a
/// VNI, not here: two VTEPs' type-2 routes for one MAC have different RDs, so they are different
/// routes in this table.
/// </remarks>
public static class BestPathComparer
{
    public static int Compare(in PathRank a, in PathRank b)
    {
        if (a.Local != b.Local)
        {
            return a.Local ? -1 : 1;
        }
        // s9.1.1: the degree of preference; LOCAL_PREF, higher wins.
        var c = b.LocalPreference.CompareTo(a.LocalPreference);
        if (c != 0)
        {
            return c;
        }
        // s9.1.2.2 a: fewer AS numbers.
        c = a.AsPathLength.CompareTo(b.AsPathLength);
        if (c != 0)
        {
            return c;
        }
        // b: lowest ORIGIN.
        c = a.Origin.CompareTo(b.Origin);
        if (c != 0)
        {
            return c;
        }
        // c: lowest MED, only between paths from the same neighboring AS.
        if (a.NeighborAs == b.NeighborAs)
        {
            c = a.MultiExitDisc.CompareTo(b.MultiExitDisc);
            if (c != 0)
            {
                return c;
            }
        }
        // d: a path learned over eBGP beats one learned over iBGP.
        if (a.FromExternalPeer != b.FromExternalPeer)
        {
            return a.FromExternalPeer ? -1 : 1;
        }
        // f, with RFC 4456 s9: lowest ORIGINATOR_ID / BGP identifier.
        c = a.OriginatorOrRouterId.CompareTo(b.OriginatorOrRouterId);
        if (c != 0)
        {
            return c;
        }
        // RFC 4456 s9: shorter CLUSTER_LIST.
        c = a.ClusterListLength.CompareTo(b.ClusterListLength);
        if (c != 0)
        {
            return c;
        }
        // g: lowest peer address.
        return CompareAddresses(a.PeerAddress, b.PeerAddress);
    }

    /// <summary>Orders addresses by family (IPv4 first), then numerically; null (local) first.</summary>
    public static int CompareAddresses(IPAddress? a, IPAddress? b)
    {
        if (a is null || b is null)
        {
            return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        }
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, out var xl);
        b.TryWriteBytes(y, out var yl);
        return xl != yl ? xl.CompareTo(yl) : x[..xl].SequenceCompareTo(y[..yl]);
    }
}
