namespace Evpnd.KernelSync;

/// <summary>The kinds of <see cref="KernelSyncRequest"/>.</summary>
public enum KernelSyncRequestKind
{
    /// <summary><see cref="ApplyIntents"/>.</summary>
    ApplyIntents,

    /// <summary><see cref="DesiredStateComplete"/>.</summary>
    DesiredStateComplete,

    /// <summary><see cref="InspectKernel"/>.</summary>
    Inspect,
}
