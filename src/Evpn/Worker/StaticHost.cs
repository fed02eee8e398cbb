using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Worker;

/// <summary>A host configured on a VNI: advertised as a sticky MAC (RFC 7432 s15.2), with its IP when given.</summary>
public readonly record struct StaticHost(MacAddress Mac, IPAddress? Ip);
