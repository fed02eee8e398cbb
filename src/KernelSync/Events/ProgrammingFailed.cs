using Evpnd.KernelSync.Netlink;

namespace Evpnd.KernelSync;

/// <summary>
/// The kernel refused a change (a device missing, no CAP_NET_ADMIN, ...): one clear line for the
/// log. The worker carries on; a later reconcile retries once the kernel state allows it.
/// </summary>
public sealed record ProgrammingFailed(BatchFailure Failure) : KernelEvent
{
    public override string ToString() =>
        $"kernel refused to {Failure.Operation}: errno {Failure.Errno}{(Failure.ExtendedAck is null ? string.Empty : ": " + Failure.ExtendedAck)}";
}
