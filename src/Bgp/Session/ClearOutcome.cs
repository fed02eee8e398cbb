namespace Evpnd.Bgp.Session;

/// <summary>What <see cref="BgpSpeaker.ClearAsync"/> did.</summary>
public enum ClearOutcome
{
    /// <summary>No neighbor has that address.</summary>
    NotConfigured,
    /// <summary>Cease 6/4 sent where a connection was open; the session starts again.</summary>
    Reset,
    /// <summary>Route refresh requested and our routes queued again; the session stayed up.</summary>
    Refreshed,
    /// <summary>A soft reset was asked of a session that is not Established: nothing done.</summary>
    NotEstablished,
}
