using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>What the dataplane was last told about a remote MAC.</summary>
internal readonly record struct InstalledRemoteMac(IpAddressValue Vtep, bool Sticky, uint Sequence);
