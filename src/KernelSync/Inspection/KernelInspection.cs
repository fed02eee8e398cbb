namespace Evpnd.KernelSync;

/// <summary>The answer to <see cref="InspectKernel"/>: one entry per VNI a device carries or the EVPN side wants.</summary>
/// <param name="GraceOver">False while owned entries nobody wants are still kept after a start (they show as <see cref="KernelEntryState.Extra"/>).</param>
public sealed record KernelInspection(IReadOnlyList<KernelVniInspection> Vnis, bool GraceOver);

/// <summary>
/// One VNI in the kernel: its device, what evpnd owns and wants there, and the entries where the
/// two differ (at most <see cref="KernelVniInspection.MaxDifferences"/> unless every entry was asked for).
/// </summary>
/// <param name="Device">The VXLAN device; null when no device carries the VNI.</param>
/// <param name="Bridge">The bridge the device is in; null when none.</param>
/// <param name="Usable">Entries can be programmed now (device up, in a bridge, a supported layout).</param>
/// <param name="Differences">Entries not <see cref="KernelEntryState.Installed"/>, capped.</param>
/// <param name="Entries">Every wanted or owned entry, when asked for; null otherwise.</param>
public sealed record KernelVniInspection(
    Vni Vni,
    string? Device,
    string? Bridge,
    bool Usable,
    KernelEntryCounts Owned,
    KernelEntryCounts Wanted,
    KernelDriftCounts Drift,
    IReadOnlyList<KernelEntry> Differences,
    IReadOnlyList<KernelEntry>? Entries)
{
    /// <summary>Differences listed per VNI in a summary; the counts are always complete.</summary>
    public const int MaxDifferences = 100;
}

/// <summary>Entries per kind: flood (head-end replication), remote MACs, neighbours (ARP/ND suppression).</summary>
public readonly record struct KernelEntryCounts(int Flood, int Macs, int Neighbors);

/// <summary>How many entries of a VNI are in each state other than installed.</summary>
public readonly record struct KernelDriftCounts(int Missing, int Extra, int Pending, int Foreign, int Different, int Waiting)
{
    public int Total => Missing + Extra + Pending + Foreign + Different + Waiting;
}

/// <summary>One entry of a VNI and how it stands.</summary>
/// <param name="Mac">The MAC (remote MAC, neighbour); null for a flood entry.</param>
/// <param name="Address">The remote VTEP (flood entry, remote MAC) or the host's IP (neighbour).</param>
public readonly record struct KernelEntry(KernelEntryType Type, KernelEntryState State, MacAddress? Mac, System.Net.IPAddress Address);

/// <summary>The kinds of entries evpnd programs.</summary>
public enum KernelEntryType
{
    /// <summary>An all-zero MAC entry with dst = a remote VTEP.</summary>
    Flood,

    /// <summary>A remote MAC (bridge and VXLAN halves).</summary>
    Mac,

    /// <summary>An ARP/ND suppression entry on the bridge.</summary>
    Neighbor,
}

/// <summary>Where an entry stands between what the EVPN side wants and what the kernel holds.</summary>
public enum KernelEntryState
{
    /// <summary>Wanted, owned and in the kernel as wanted.</summary>
    Installed,

    /// <summary>Wanted, not in the kernel and no change under way (the next reconcile puts it back).</summary>
    Missing,

    /// <summary>Owned and in the kernel, no longer wanted (kept for the start-up grace period, or a removal the kernel refused).</summary>
    Extra,

    /// <summary>A change for it is queued or sent and not answered yet.</summary>
    Pending,

    /// <summary>Wanted but held by someone else's static entry, which evpnd leaves alone.</summary>
    Foreign,

    /// <summary>Wanted and in the kernel, but not as wanted (another VTEP, MAC or flag).</summary>
    Different,

    /// <summary>Wanted on a VNI whose device is missing or not usable: programmed when it is.</summary>
    Waiting,
}
