namespace Evpnd.Interop.Tests.Harness.Evpnd;

/// <summary>`messagesIn` / `messagesOut` of an evpnd neighbor.</summary>
public sealed record EvpndMessageCounters
{
    public required long Open { get; init; }

    public required long Update { get; init; }

    public required long Notification { get; init; }

    public required long Keepalive { get; init; }

    public long RouteRefresh { get; init; }

    public long Total { get; init; }
}
