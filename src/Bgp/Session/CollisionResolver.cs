namespace Evpnd.Bgp.Session;

/// <summary>
/// Connection collision detection (RFC 4271 s6.8, RFC 6286 s2.3). Pure: the driver asks it when
/// an OPEN arrives on one connection while the peer has another.
/// </summary>
public static class CollisionResolver
{
    /// <summary>
    /// Decides which of two connections to one peer survives.
    /// </summary>
    /// <param name="thisDirection">Who initiated the connection on which the OPEN arrived.</param>
    /// <param name="otherState">State of the other connection's FSM, or null when there is none.</param>
    /// <param name="localId">Our BGP identifier.</param>
    /// <param name="remoteId">The BGP identifier in the OPEN just received.</param>
    /// <param name="localAs">Our AS (tie-break when identifiers are equal, RFC 6286 s2.3).</param>
    /// <param name="remoteAs">The peer's AS.</param>
    public static CollisionOutcome Resolve(
        ConnectionDirection thisDirection,
        SessionState? otherState,
        uint localId,
        uint remoteId,
        uint localAs,
        uint remoteAs)
    {
        switch (otherState)
        {
            case null or SessionState.Idle or SessionState.Connect or SessionState.Active:
                return CollisionOutcome.NoCollision;
            case SessionState.Established:
                // CollisionDetectEstablishedState is off: the newcomer is closed (s6.8).
                return CollisionOutcome.CloseThis;
        }

        // OpenSent or OpenConfirm: the identifiers are compared as host-order integers; the
        // connection initiated by the side with the higher one survives.
        var survivor = Survivor(localId, remoteId, localAs, remoteAs);
        return thisDirection == survivor ? CollisionOutcome.CloseOther : CollisionOutcome.CloseThis;
    }

    /// <summary>The direction of the connection that survives a collision.</summary>
    public static ConnectionDirection Survivor(uint localId, uint remoteId, uint localAs, uint remoteAs)
    {
        var localWins = localId != remoteId ? localId > remoteId : localAs > remoteAs;
        return localWins ? ConnectionDirection.Outgoing : ConnectionDirection.Incoming;
    }
}
