namespace Evpnd.Bench.Kernel;

/// <summary>One fresh bridge + VXLAN pair inside the benchmark's namespace.</summary>
internal sealed record VxlanDevice(string Namespace, string VxlanName, int VxlanIfindex, string BridgeName, int BridgeIfindex);
