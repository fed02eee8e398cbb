namespace Evpnd.KernelSync;

/// <summary>A device disappeared.</summary>
public sealed record LinkRemoved(LinkRecord Link) : KernelEvent;
