namespace Evpnd.Bgp.Rib;

/// <summary>
/// One route (one key) of a family's Loc-RIB: its paths from every peer (the Adj-RIBs-In) and a
/// local one, kept in preference order so the head is the best path (RFC 4271 s9.1.2).
/// </summary>
internal sealed class RibEntry
{
    public RibEntry(byte[] keyNlri)
    {
        KeyNlri = keyNlri;
    }

    /// <summary>An NLRI with this route's key (the first path's bytes, kept even after that path goes).</summary>
    public byte[] KeyNlri { get; }

    /// <summary>The best path, or null when the route has no path left.</summary>
    public RibPath? Head { get; private set; }

    /// <summary>The path from this source's peer (or the local path when <paramref name="peer"/> is null).</summary>
    public RibPath? Find(RibPeerState? peer)
    {
        for (var p = Head; p is not null; p = p.Next)
        {
            if (p.Source.Peer == peer)
            {
                return p;
            }
        }
        return null;
    }

    /// <summary>Inserts a path in preference order.</summary>
    public void Insert(RibPath path)
    {
        if (Head is null || BestPathComparer.Compare(in path.Source.Rank, in Head.Source.Rank) < 0)
        {
            path.Next = Head;
            Head = path;
            return;
        }
        var at = Head;
        while (at.Next is not null && BestPathComparer.Compare(in path.Source.Rank, in at.Next.Source.Rank) >= 0)
        {
            at = at.Next;
        }
        path.Next = at.Next;
        at.Next = path;
    }

    /// <summary>Unlinks a path; true when it was there.</summary>
    public bool Remove(RibPath path)
    {
        if (Head == path)
        {
            Head = path.Next;
            return true;
        }
        for (var p = Head; p is not null; p = p.Next)
        {
            if (p.Next == path)
            {
                p.Next = path.Next;
                return true;
            }
        }
        return false;
    }
}
