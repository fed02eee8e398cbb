using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>Snapshots for the CLI, taken on the worker.</summary>
public sealed partial class RibWorker
{
    private List<RibRoute> Snapshot(RibQuery query)
    {
        var routes = new List<RibRoute>();
        if (!_tables.TryGetValue(query.Family, out var table))
        {
            return routes;
        }
        RibPeerState? outPeer = null;
        if (query.View == RibView.AdjRibOut)
        {
            outPeer = _peerList.FirstOrDefault(p => p.Address.Equals(query.Peer));
            if (outPeer is null || !outPeer.Supports(query.Family))
            {
                return routes;
            }
        }
        foreach (var entry in table.Entries)
        {
            if (entry.BestSource is not { } best)
            {
                continue;
            }
            switch (query.View)
            {
                case RibView.LocRib:
                    routes.Add(ToRoute(table.Family, best, entry.Nlri, best.Attributes, true));
                    break;
                case RibView.AdjRibIn:
                    bool first = true;
                    foreach (var (source, nlri) in entry.Paths)
                    {
                        if (source.Peer is { } from && (query.Peer is null || from.Address.Equals(query.Peer)))
                        {
                            routes.Add(ToRoute(table.Family, source, nlri, source.Attributes, first));
                        }
                        first = false;
                    }
                    break;
                case RibView.AdjRibOut:
                    if (Export(best, outPeer!) is { } sent)
                    {
                        routes.Add(ToRoute(table.Family, best, entry.Nlri, _interner.Intern(sent, outPeer!.Options), true));
                    }
                    break;
            }
        }
        return routes;
    }

    private static RibRoute ToRoute(AfiSafi family, RibPathSource source, ReadOnlyMemory<byte> nlri, PathAttributeSet attributes, bool best) =>
        new(family, nlri, source.NextHop, attributes, source.Peer?.Address, source.Peer is null, best);
}
