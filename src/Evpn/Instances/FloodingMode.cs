namespace Evpnd.Evpn.Instances;

/// <summary>How a VNI's BUM traffic reaches the other VTEPs (FRR's <c>flooding</c> knob).</summary>
public enum FloodingMode
{
    /// <summary>
    /// Head-end replication to the VTEPs of remote type-3 routes (RFC 8365 s9), unless the VNI's
    /// VXLAN device has a multicast group, which then carries BUM traffic instead.
    /// </summary>
    HeadEndReplication,

    /// <summary>No BUM replication by EVPN: no flood entries installed and no type-3 advertised (FRR's <c>flooding disable</c>).</summary>
    Disabled,
}
