namespace Evpnd.Bgp.Rib;

internal enum RibControlKind
{
    /// <summary>The session reached Established: its first message.</summary>
    Up,

    /// <summary>The session left Established: its routes go; whatever it still had queued is dropped.</summary>
    Down,

    /// <summary>XON: the peer's send queue drained after the RIB found it full.</summary>
    Drained,

    /// <summary>The peer did not end its re-advertisement in time (RFC 7313 s4): its stale routes go.</summary>
    StaleTimeout,
}
