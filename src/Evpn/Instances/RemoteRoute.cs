using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>A remote type-2 route of a MAC in the detailed form (<see cref="MacEntry"/>): its path and its IP (none for MAC-only).</summary>
internal readonly record struct RemoteRoute(RemotePath Path, IpAddressValue Ip);
