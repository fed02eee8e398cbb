namespace Evpnd.KernelSync;

/// <summary>
/// What the KernelSync worker is asked to do: its inbox is exactly these kinds. Handlers switch
/// over <see cref="Kind"/> with a switch expression without a discard arm, so that a new kind is a
/// compile error (CS8509) wherever it is not handled yet.
/// </summary>
public abstract record KernelSyncRequest
{
    private protected KernelSyncRequest()
    {
    }

    public abstract KernelSyncRequestKind Kind { get; }
}
