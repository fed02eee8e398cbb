namespace Evpnd.KernelSync;

/// <summary>
/// Entries removed from VXLAN devices (a remote MAC's VXLAN half or its bridge-port half, or a
/// flood entry), by us or by hand, in the order the kernel reported them: the reconciler checks
/// whether any should be put back. One event carries a whole burst (up to
/// <see cref="KernelMonitor.RemovalsPerEvent"/>): a session loss echoes two per withdrawn MAC,
/// and these must cost no allocation each.
/// </summary>
public sealed record RemoteFdbRemovals : MonitorEvent
{
    private RemoteFdbRemoval[]? _rented;
    private readonly int _count;

    /// <summary>A burst of <paramref name="count"/> removals held in <paramref name="rented"/>, an array of the shared pool given back by <see cref="Release"/>.</summary>
    public RemoteFdbRemovals(RemoteFdbRemoval[] rented, int count)
    {
        _rented = rented;
        _count = count;
    }

    public override MonitorEventKind Kind => MonitorEventKind.RemoteFdbRemovals;

    /// <summary>The removals, in the order the kernel reported them; empty once released.</summary>
    public ReadOnlyMemory<RemoteFdbRemoval> Entries => _rented is null ? default : _rented.AsMemory(0, _count);

    /// <summary>
    /// Gives the buffer back to the pool once the removals are handled; an event never released
    /// (a test reading the monitor) is left to the GC.
    /// </summary>
    public void Release()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            System.Buffers.ArrayPool<RemoteFdbRemoval>.Shared.Return(rented);
        }
    }
}

/// <summary>One removed entry on a VXLAN device: what tells whether it is still wanted.</summary>
/// <param name="Ifindex">The VXLAN device.</param>
/// <param name="Mac">The MAC; all-zero for a flood entry.</param>
/// <param name="Destination">NDA_DST (the remote VTEP) of the VXLAN half; none for the bridge half.</param>
public readonly record struct RemoteFdbRemoval(int Ifindex, MacAddress Mac, IpAddressValue Destination);
