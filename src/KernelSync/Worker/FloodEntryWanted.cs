namespace Evpnd.KernelSync;

/// <summary>A remote VTEP joins a VNI's flood list (a type-3 route with ingress replication).</summary>
public sealed record FloodEntryWanted(FloodEntry Entry) : KernelCommand;
