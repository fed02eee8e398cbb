namespace Evpnd.KernelSync.Netlink;

/// <summary>A request sent in the current datagram, awaiting its ACK.</summary>
internal readonly record struct PendingBatchRequest(int Index, BatchRequestKind Kind, RemoteMacEntry Entry);
