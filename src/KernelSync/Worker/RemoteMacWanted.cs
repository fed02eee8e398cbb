namespace Evpnd.KernelSync;

/// <summary>A remote MAC (a best type-2 route) is installed or moved.</summary>
public sealed record RemoteMacWanted(RemoteMacEntry Entry) : KernelCommand;
