namespace Evpnd.Bgp.Rib;

/// <summary>
/// A peer's Graceful Restart state in the RIB, for the CLI: its routes kept as stale, and the
/// timers that bound how long they stay.
/// </summary>
/// <param name="StaleRoutes">Routes from the peer still marked stale.</param>
/// <param name="Restarting">Its session is down and its routes are kept for its restart time (we are its helper).</param>
/// <param name="RestartTimerEnds">When the restart timer gives up on the peer coming back.</param>
/// <param name="StaleTimerEnds">When the stale-routes timer withdraws what its End-of-RIB has not replaced.</param>
public sealed record PeerRestartStatus(int StaleRoutes, bool Restarting, DateTimeOffset? RestartTimerEnds, DateTimeOffset? StaleTimerEnds);
