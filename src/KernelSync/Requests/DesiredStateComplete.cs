namespace Evpnd.KernelSync;

/// <summary>
/// Everything the EVPN side wants has now been said (after a start or restart: once route
/// selection ran on every peer's End-of-RIB, RFC 4724 s4.1). Until then, entries KernelSync owns
/// that nobody wants yet are kept, so that a restart drops no traffic; from now on they are removed,
/// and the kernel is reconciled as a difference (entries that did not change are not rewritten).
/// </summary>
public sealed record DesiredStateComplete : KernelSyncRequest
{
    public override KernelSyncRequestKind Kind => KernelSyncRequestKind.DesiredStateComplete;
}
