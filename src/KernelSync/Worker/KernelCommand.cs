namespace Evpnd.KernelSync;

/// <summary>What the EVPN side asks of the dataplane; consumed by <see cref="KernelSyncWorker"/>.</summary>
public abstract record KernelCommand;
