namespace Evpnd.Bgp.Rib;

public enum BestPathChangeKind
{
    /// <summary>The route had no best path and now has one.</summary>
    Added,

    /// <summary>Another path (or the same peer's new attributes) became best.</summary>
    Replaced,

    /// <summary>The route's last path went away.</summary>
    Withdrawn,
}
