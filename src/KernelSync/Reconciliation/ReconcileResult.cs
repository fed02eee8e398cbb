namespace Evpnd.KernelSync;

/// <summary>
/// What one reconciliation pass did. <see cref="KeptForGrace"/> are ours, unwanted, but left in
/// place during the start-up grace period; <see cref="Foreign"/> are entries in the way of a
/// wanted one that are not ours and were therefore left alone.
/// </summary>
public sealed record ReconcileResult(
    int Added,
    int Replaced,
    int Removed,
    int KeptForGrace,
    int Foreign,
    IReadOnlyList<Netlink.BatchFailure> Failures);
