namespace Evpnd.KernelSync.Netlink;

/// <summary>What a queued batch request does, to describe a failure and to follow one up.</summary>
internal enum BatchRequestKind : byte
{
    AddFlood,
    DeleteFlood,
    ReplaceRemoteMac,
    DeleteRemoteMac,
    DeleteRemoteMacVxlanOnly,
    ReplaceNeighbor,
    DeleteNeighbor,
}
