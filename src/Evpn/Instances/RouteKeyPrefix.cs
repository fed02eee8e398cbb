using System.Runtime.InteropServices;

namespace Evpnd.Evpn.Instances;

/// <summary>
/// The RD and Ethernet Tag that start a type-2 route's key (RFC 7432 s7.2: the key is RD,
/// Ethernet Tag, MAC, IP). It also says which tables hold routes with this prefix, so that a
/// withdrawal, which carries only the key, finds the route without a table of every route's key.
/// </summary>
internal sealed class RouteKeyPrefix
{
    private readonly List<Placement> _placements = [];

    public RouteKeyPrefix(RouteDistinguisher rd, EthernetTag ethernetTag)
    {
        Rd = rd;
        EthernetTag = ethernetTag;
    }

    public RouteDistinguisher Rd { get; }

    public EthernetTag EthernetTag { get; }

    /// <summary>The interned templates with this prefix (usually one).</summary>
    public int Templates { get; set; }

    public int TableCount => _placements.Count;

    public MacTable Table(int index) => _placements[index].Table;

    public void AddPlacement(MacTable table)
    {
        var placements = CollectionsMarshal.AsSpan(_placements);
        for (int i = 0; i < placements.Length; i++)
        {
            if (placements[i].Table == table)
            {
                placements[i].Routes++;
                return;
            }
        }
        _placements.Add(new Placement { Table = table, Routes = 1 });
    }

    public void RemovePlacement(MacTable table)
    {
        var placements = CollectionsMarshal.AsSpan(_placements);
        for (int i = 0; i < placements.Length; i++)
        {
            if (placements[i].Table == table)
            {
                if (--placements[i].Routes == 0)
                {
                    _placements.RemoveAt(i);
                }
                return;
            }
        }
    }

    private struct Placement
    {
        public MacTable Table;
        public int Routes;
    }
}
