namespace Evpnd.Bgp.Session;

/// <summary>
/// What our Graceful Restart capability says about this speaker (RFC 4724 s3), shared by every
/// neighbor's OPEN and changed once the initial convergence after a start is complete.
/// </summary>
public sealed class LocalRestartState
{
    private volatile bool _restarting;
    private volatile bool _forwardingPreserved;

    /// <summary>The R bit: we restarted and are still waiting for our peers' End-of-RIB.</summary>
    public bool Restarting => _restarting;

    /// <summary>The F bit for our families: the kernel still forwards with the routes peers hold from us.</summary>
    public bool ForwardingPreserved => _forwardingPreserved;

    /// <summary>At start: the kernel kept the forwarding state of the previous run (R and F set) or not (neither).</summary>
    public void Started(bool forwardingStateKept)
    {
        _restarting = forwardingStateKept;
        _forwardingPreserved = forwardingStateKept;
    }

    /// <summary>
    /// Initial convergence is complete: later OPENs clear R, and set F, since the kernel now holds
    /// what we advertise and keeps it when only a session drops.
    /// </summary>
    public void Converged()
    {
        _restarting = false;
        _forwardingPreserved = true;
    }
}
