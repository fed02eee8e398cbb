namespace Evpnd.Bgp.Rib;

/// <summary>
/// The sources of one peer's routes of one family that were marked stale (RFC 7313 s4: a BoRR
/// begins the peer's re-advertisement), waiting for the sweep that withdraws the routes not sent
/// again: the peer's EoRR, or the timer that bounds the wait. Graceful Restart (RFC 4724 s4.2)
/// uses the same: the session dropped, the peer's End-of-RIB or the stale-routes time ends it.
/// </summary>
internal sealed class StaleRoutes : IDisposable
{
    /// <summary>By key, so that a route sent again with the same attributes shares the stale source's encodings.</summary>
    public Dictionary<RibPathSourceKey, RibPathSource> ByKey { get; } = new();

    /// <summary>Every stale source, also those a later BoRR made stale under a key already here.</summary>
    public List<RibPathSource> All { get; } = new();

    /// <summary>Fires when the peer took too long to end its re-advertisement.</summary>
    public ITimer? Timer { get; set; }

    /// <summary>When <see cref="Timer"/> fires, for the CLI.</summary>
    public DateTimeOffset? TimerEnds { get; set; }

    /// <summary>Marked because the session dropped (Graceful Restart): the peer's End-of-RIB sweeps them, not only an EoRR.</summary>
    public bool FromRestart { get; set; }

    /// <summary>Told apart from a timer that fired for an earlier BoRR.</summary>
    public int Generation { get; set; }

    public void Dispose() => Timer?.Dispose();
}
