namespace Evpnd.Bgp.Session;

/// <summary>The s6.8 decision when an OPEN arrives while another connection to the same peer exists.</summary>
public enum CollisionOutcome
{
    /// <summary>The other connection is not far enough to collide (Idle, Connect, Active, or none).</summary>
    NoCollision,

    /// <summary>The connection that received the OPEN loses: Cease 6/7 on it.</summary>
    CloseThis,

    /// <summary>The other connection loses: Cease 6/7 on it, and this one proceeds.</summary>
    CloseOther,
}
