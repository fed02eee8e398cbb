using System.Net;

namespace Evpnd.KernelSync;

/// <summary>
/// Head-end replication: BUM traffic of the VXLAN device is copied to <paramref name="RemoteVtep"/>
/// (an all-zero MAC entry with dst = the VTEP, as zebra installs it for a type-3 route).
/// <paramref name="SourceVni"/> selects the VNI on a single VXLAN device (collect_metadata,
/// vnifilter); 0 on a traditional one-VNI device.
/// </summary>
public readonly record struct FloodEntry(int VxlanIfindex, IPAddress RemoteVtep, uint SourceVni = 0);
