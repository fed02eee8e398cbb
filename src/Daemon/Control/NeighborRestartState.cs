using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Session;

namespace Evpnd.Daemon.Control;

/// <summary>`show neighbor`: the session engine's snapshot with the RIB's stale routes and Graceful Restart timers added.</summary>
internal static class NeighborRestartState
{
    public static Func<IReadOnlyList<NeighborStatus>> Neighbors(BgpSpeaker speaker, RibWorker rib, TimeProvider time) =>
        () => [.. speaker.GetNeighbors().Select(n => With(n, rib.RestartStatus(System.Net.IPAddress.Parse(n.Address)), time.GetUtcNow()))];

    internal static NeighborStatus With(NeighborStatus neighbor, PeerRestartStatus? rib, DateTimeOffset now)
    {
        if (rib is null || neighbor.GracefulRestart is not { } gr)
        {
            return neighbor;
        }
        return neighbor with
        {
            GracefulRestart = gr with
            {
                StaleRoutes = rib.StaleRoutes,
                HelperActive = rib.Restarting,
                RestartTimerSeconds = Left(rib.RestartTimerEnds, now),
                StaleTimerSeconds = Left(rib.StaleTimerEnds, now),
            },
        };
    }

    private static long? Left(DateTimeOffset? ends, DateTimeOffset now) =>
        ends is { } e ? Math.Max(0, (long)Math.Ceiling((e - now).TotalSeconds)) : null;
}
