namespace Evpnd.KernelSync;

/// <summary>A remote MAC is no longer reachable through any VTEP.</summary>
public sealed record RemoteMacWithdrawn(RemoteMacEntry Entry) : KernelCommand;
