namespace Evpnd.KernelSync;

/// <summary>A remote VTEP leaves a VNI's flood list.</summary>
public sealed record FloodEntryWithdrawn(FloodEntry Entry) : KernelCommand;
