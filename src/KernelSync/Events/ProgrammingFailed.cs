using Evpnd.KernelSync.Netlink;

namespace Evpnd.KernelSync;

/// <summary>
/// The kernel refused a change (a device missing, no CAP_NET_ADMIN, ...): one clear line for the
/// log. The worker carries on; a later reconcile retries once the kernel state allows it.
/// Refusals of one flush with the same operation and errno (a device deleted under a large batch)
/// are one event: <paramref name="Count"/> is how many.
/// </summary>
public sealed record ProgrammingFailed(BatchFailure Failure, int Count = 1) : KernelEvent
{
    public override string ToString() =>
        $"kernel refused to {Failure.Operation}: errno {Failure.Errno}{(Failure.ExtendedAck is null ? string.Empty : ": " + Failure.ExtendedAck)}{(Count > 1 ? $" ({Count} requests like it)" : string.Empty)}";

    /// <summary>One event per kind of refusal (operation and errno), in the order first seen.</summary>
    public static IEnumerable<ProgrammingFailed> Summarise(IReadOnlyList<BatchFailure> failures) =>
        failures.GroupBy(f => (f.Operation, f.Errno)).Select(g => new ProgrammingFailed(g.First(), g.Count()));
}
