namespace Evpnd.KernelSync;

/// <summary>The wanted ARP/ND suppression entry of one IP of a VNI: its MAC and NTF_ROUTER.</summary>
internal readonly record struct NeighborWant(MacAddress Mac, bool Router);
