namespace Evpnd.Daemon.Config;

/// <summary>Global bounds on what peers can make evpnd hold (limits:).</summary>
internal sealed record LimitsConfig
{
    /// <summary>Remote MACs installed into the kernel at most, over all VNIs; null: no bound.</summary>
    public uint? RemoteMacs { get; init; }
}
