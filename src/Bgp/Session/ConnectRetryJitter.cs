namespace Evpnd.Bgp.Session;

/// <summary>
/// RFC 4271 s10: ConnectRetry (and the other timers we jitter) are multiplied by a random factor
/// in 0.75..1.0 so that peers restarting together do not stay synchronised.
/// </summary>
public static class ConnectRetryJitter
{
    /// <summary>Scales <paramref name="duration"/> by 0.75 + 0.25 * <paramref name="unit"/> (unit in [0, 1)).</summary>
    public static TimeSpan Apply(TimeSpan duration, double unit)
    {
        var factor = 0.75 + (0.25 * Math.Clamp(unit, 0.0, 1.0));
        return TimeSpan.FromTicks((long)(duration.Ticks * factor));
    }
}
