namespace Evpnd.KernelSync;

/// <summary>
/// What a <see cref="DataplaneIntent"/> asks for. Handlers switch over it with a switch
/// expression without a discard arm, so that a new kind is a compile error (CS8509) wherever it
/// is not handled yet.
/// </summary>
public enum DataplaneIntentKind : byte
{
    /// <summary>MAC <see cref="DataplaneIntent.Mac"/> on the VNI is behind the remote VTEP <see cref="DataplaneIntent.Address"/> (a static FDB entry, sticky when flagged).</summary>
    RemoteMacWanted,

    /// <summary>The remote MAC on the VNI is no longer wanted.</summary>
    RemoteMacWithdrawn,

    /// <summary>The remote VTEP <see cref="DataplaneIntent.Address"/> joins the VNI's head-end replication list (all-zero MAC entry).</summary>
    FloodVtepWanted,

    /// <summary>The remote VTEP leaves the VNI's flood list.</summary>
    FloodVtepWithdrawn,

    /// <summary>The host IP <see cref="DataplaneIntent.Address"/> on the VNI has MAC <see cref="DataplaneIntent.Mac"/> (ARP/ND suppression entry on the VNI's bridge).</summary>
    NeighborWanted,

    /// <summary>The neighbour entry of the IP on the VNI is no longer wanted.</summary>
    NeighborWithdrawn,
}
