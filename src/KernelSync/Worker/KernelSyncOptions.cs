namespace Evpnd.KernelSync;

/// <summary>Settings of <see cref="KernelSyncWorker"/>.</summary>
public sealed record KernelSyncOptions
{
    /// <summary>A named namespace (tests, the lab); null is the daemon's own.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Where the ownership record lives.</summary>
    public string StateDirectory { get; init; } = "/var/lib/evpnd";

    /// <summary>How long our entries the RIB has not (yet) asked for survive a restart.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromMinutes(2);

    public int ReceiveBufferBytes { get; init; } = KernelMonitor.DefaultReceiveBufferBytes;

    /// <summary>Upper bound of commands applied before the batch is flushed and events handled.</summary>
    public int MaxCommandsPerFlush { get; init; } = 8192;

    /// <summary>
    /// Flushes handed to the sender and not yet ended: how far command handling may run ahead of
    /// the kernel, so that a pause of the worker does not leave the kernel idle.
    /// </summary>
    public int FlushesInFlight { get; init; } = 4;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Told, on the worker's thread, of remote MACs the kernel ACKed: the time from the UPDATE's
    /// receipt and how many MACs (one call per run, see <see cref="KernelReconciler.RemoteMacsInstalled"/>).
    /// </summary>
    public Action<TimeSpan, int>? RemoteMacsInstalled { get; init; }
}
