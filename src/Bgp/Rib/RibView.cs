namespace Evpnd.Bgp.Rib;

/// <summary>Which table a snapshot shows.</summary>
public enum RibView
{
    /// <summary>The best path of every route.</summary>
    LocRib,

    /// <summary>Every path received from one peer (all peers when none is given), best or not.</summary>
    AdjRibIn,

    /// <summary>What was advertised to one peer: the best paths its export rules let through, with the attributes it was sent.</summary>
    AdjRibOut,
}
