using System.Net;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// Next hops: the remote VTEP of a route, and the ones that cannot be (martian addresses, our own
/// VTEPs): such routes are dropped and counted per peer, and the first from each peer is reported
/// (FRR: <c>bgp_update_martian_nexthop</c>). Routes towards our own VTEPs are kept, not imported,
/// and come back if the VTEP stops being ours.
/// </summary>
public sealed partial class EvpnEngine
{
    private readonly Dictionary<IPAddress, MartianTally> _martians = [];
    private MartianTally? _martiansWithoutPeer;
    private IpAddressValue[] _ownVteps = [];

    /// <summary>Per peer, how many routes it sent with a martian or own next hop (since start).</summary>
    public IReadOnlyList<MartianNextHopCount> GetMartianNextHops()
    {
        var counts = _martians.Values.Select(t => new MartianNextHopCount(t.Last.Peer, t.Routes, t.Last)).ToList();
        if (_martiansWithoutPeer is { } none)
        {
            counts.Add(new MartianNextHopCount(null, none.Routes, none.Last));
        }
        return counts;
    }

    private static IpAddressValue ReadNextHop(ReadOnlySpan<byte> nextHop) => nextHop.Length switch
    {
        4 or 16 => IpAddressValue.Read(nextHop),
        // RFC 2545 s3: a global address followed by a link-local one; the VTEP is the global one.
        32 => IpAddressValue.Read(nextHop[..16]),
        _ => IpAddressValue.None,
    };

    /// <summary>True (and counted) when the next hop can be nobody's VTEP.</summary>
    private bool IsMartian(IpAddressValue vtep, IPAddress? peer, EvpnRouteType type)
    {
        if (MartianAddress.Classify(vtep) is not { } reason)
        {
            return false;
        }
        CountMartian(peer, vtep, reason, type);
        return true;
    }

    private void CountMartian(IPAddress? peer, IpAddressValue vtep, MartianReason reason, EvpnRouteType type)
    {
        MartianTally? tally;
        if (peer is null)
        {
            tally = _martiansWithoutPeer;
        }
        else
        {
            _martians.TryGetValue(peer, out tally);
        }
        if (tally is null)
        {
            tally = new MartianTally(new MartianNextHop(peer, vtep.ToIPAddress()!, reason, type), vtep);
            if (peer is null)
            {
                _martiansWithoutPeer = tally;
            }
            else
            {
                _martians.Add(peer, tally);
            }
            tally.Routes++;
            _options.FirstMartianNextHop?.Invoke(tally.Last);
            return;
        }
        if (tally.LastVtep != vtep || tally.Last.Reason != reason || tally.Last.RouteType != type)
        {
            // A new record only when what is reported changes: a flood of one bad next hop allocates nothing.
            tally.Last = new MartianNextHop(peer, vtep.ToIPAddress()!, reason, type);
            tally.LastVtep = vtep;
        }
        tally.Routes++;
    }

    private bool IsOwnVtep(IpAddressValue vtep) => Array.IndexOf(_ownVteps, vtep) >= 0;

    private void RefreshOwnVteps() => _ownVteps = [.. _instances.Values.Select(i => i.Vtep).Distinct()];
}
