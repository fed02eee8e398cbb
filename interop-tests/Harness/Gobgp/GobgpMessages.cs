namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>`state.messages` of `gobgp neighbor -j`.</summary>
public sealed record GobgpMessages
{
    public GobgpMessageCounters Received { get; init; } = new();

    public GobgpMessageCounters Sent { get; init; } = new();
}
