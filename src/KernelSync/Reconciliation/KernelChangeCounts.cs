namespace Evpnd.KernelSync;

/// <summary>
/// The netlink changes a reconciler has sent since it was created, by what they did, and the
/// wanted entries it found already installed as recorded and so did not send at all. After a
/// restart this is the difference the kernel was told: a restart that kept the forwarding state
/// rewrites only what changed while the daemon was down (RFC 4724 s4.1).
/// </summary>
/// <param name="Added">Entries installed that the record did not hold (new flood entries, MACs and neighbours).</param>
/// <param name="Replaced">Owned remote MACs written again with other contents (a new VTEP, stickiness).</param>
/// <param name="Removed">Entries deleted.</param>
/// <param name="Unchanged">Wanted entries the record already held as wanted: nothing sent.</param>
public readonly record struct KernelChangeCounts(long Added, long Replaced, long Removed, long Unchanged)
{
    /// <summary>Changes sent to the kernel, of every kind.</summary>
    public long Sent => Added + Replaced + Removed;
}
