namespace Evpnd.KernelSync.Netlink;

/// <summary>
/// One request of a batch the kernel refused. <see cref="Index"/> is the request's position in
/// the order the caller added them (0-based).
/// </summary>
public sealed record BatchFailure(int Index, string Operation, int Errno, string? ExtendedAck)
{
    public NetlinkException ToException() => new(Operation, Errno, ExtendedAck);
}
