namespace Evpnd.KernelSync;

/// <summary>What one queued change asks of the kernel.</summary>
internal enum PendingChangeKind : byte
{
    FloodAdd,
    FloodDelete,
    MacReplace,
    MacDelete,
    NeighborReplace,
    NeighborDelete,
}
