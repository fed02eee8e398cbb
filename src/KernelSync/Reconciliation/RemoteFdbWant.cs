namespace Evpnd.KernelSync;

/// <summary>
/// The wanted kernel state of one remote MAC of a VNI, as the reconciler keeps it per MAC: the
/// VTEP it is behind (an index into the reconciler's <see cref="VtepTable"/>: a million MACs
/// behind a few hundred VTEPs hold 8 bytes each here, not a 32-byte address) and whether it may
/// move; no device: the ifindex comes from the <see cref="VniTable"/> when the entry is programmed.
/// </summary>
internal readonly record struct RemoteFdbWant(int Vtep, bool Sticky);
