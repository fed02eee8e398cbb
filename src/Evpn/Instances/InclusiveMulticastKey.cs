using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>The key of a type-3 route (RFC 7432 s7.3): RD, Ethernet Tag, originating router.</summary>
internal readonly record struct InclusiveMulticastKey(RouteDistinguisher Rd, EthernetTag EthernetTag, IpAddressValue OriginatingRouter);
