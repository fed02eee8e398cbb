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
            var best = entry.Head;
            if (best is null)
            {
                continue;
            }
            switch (query.View)
            {
                case RibView.LocRib:
                    routes.Add(ToRoute(table.Family, best, best.Source.Attributes, true));
                    break;
                case RibView.AdjRibIn:
                    for (var path = best; path is not null; path = path.Next)
                    {
                        if (path.Source.Peer is { } from && (query.Peer is null || from.Address.Equals(query.Peer)))
                        {
                            routes.Add(ToRoute(table.Family, path, path.Source.Attributes, path == best));
                        }
                    }
                    break;
                case RibView.AdjRibOut:
                    if (Export(best.Source, outPeer!) is { } sent)
                    {
                        routes.Add(ToRoute(table.Family, best, _interner.Intern(sent, outPeer!.Options), true));
                    }
                    break;
            }
        }
        return routes;
    }

    private static RibRoute ToRoute(AfiSafi family, RibPath path, PathAttributeSet attributes, bool best) =>
        new(family, path.Nlri, path.Source.NextHop, attributes, path.Source.Peer?.Address, path.Source.Peer is null, best);
}
