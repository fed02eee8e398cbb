namespace Evpnd.Fuzz;

/// <summary>What a target made of one input: the input was taken as valid, or refused as the protocol says.</summary>
public enum FuzzOutcome
{
    /// <summary>Refused with the error the protocol prescribes (a NOTIFICATION, treat-as-withdraw, a protocol exception).</summary>
    Refused,

    /// <summary>Read in full and found valid.</summary>
    Accepted,
}

/// <summary>
/// One fuzz target: runs the daemon's own read path over one input. Any exception but the
/// protocol's own (which the target turns into <see cref="FuzzOutcome.Refused"/>) is a bug.
/// </summary>
public delegate FuzzOutcome FuzzTarget(ReadOnlySpan<byte> input);
