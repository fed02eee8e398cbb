namespace Evpnd.KernelSync;

/// <summary>
/// The ownership record had lines that are not records (not a torn tail: damage): they were
/// skipped and the files moved to <paramref name="SetAsidePath"/>; remote MACs marked
/// extern_learn are taken as ours at the first reconcile, so nothing we installed is leaked.
/// </summary>
public sealed record OwnershipRecordDamaged(int DamagedLines, string SetAsidePath) : KernelEvent;
