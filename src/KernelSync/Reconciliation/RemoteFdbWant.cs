namespace Evpnd.KernelSync;

/// <summary>
/// The wanted kernel state of one remote MAC of a VNI, as the reconciler keeps it per MAC: the
/// VTEP it is behind and whether it may move, no device: the ifindex comes from the <see cref="VniTable"/> when the entry is programmed.
/// </summary>
internal readonly record struct RemoteFdbWant(IpAddressValue Vtep, bool Sticky);
