namespace Evpnd.Interop.Tests.Harness;

/// <summary>
/// A veth pair between two namespaces with 10.0.N.0/24 and fd00:0:0:N::/64 on it (.1/::1 on A,
/// .2/::2 on B). These prefixes exist only inside the lab's namespaces.
/// </summary>
public sealed record VethLink(int Subnet, LinkEnd A, LinkEnd B);
