namespace Evpnd.KernelSync;

/// <summary>
/// Entries removed from VXLAN devices (a remote MAC's VXLAN half or its bridge-port half, or a
/// flood entry), by us or by hand, in the order the kernel reported them: the reconciler checks
/// whether any should be put back. One event carries a whole burst (up to
/// <see cref="KernelMonitor.RemovalsPerEvent"/>): a session loss echoes two per withdrawn MAC,
/// and these must cost no allocation each.
/// </summary>
public sealed record RemoteFdbRemovals(ReadOnlyMemory<RemoteFdbRemoval> Entries) : MonitorEvent
{
    public override MonitorEventKind Kind => MonitorEventKind.RemoteFdbRemovals;
}

/// <summary>One removed entry on a VXLAN device: what tells whether it is still wanted.</summary>
/// <param name="Ifindex">The VXLAN device.</param>
/// <param name="Mac">The MAC; all-zero for a flood entry.</param>
/// <param name="Destination">NDA_DST (the remote VTEP) of the VXLAN half; none for the bridge half.</param>
public readonly record struct RemoteFdbRemoval(int Ifindex, MacAddress Mac, IpAddressValue Destination);
