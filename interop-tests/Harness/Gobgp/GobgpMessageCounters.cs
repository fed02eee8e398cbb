namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>`state.messages.received` / `sent` of `gobgp neighbor -j`.</summary>
public sealed record GobgpMessageCounters
{
    public long Open { get; init; }

    public long Update { get; init; }

    public long Notification { get; init; }

    public long Keepalive { get; init; }

    public long Total { get; init; }
}
