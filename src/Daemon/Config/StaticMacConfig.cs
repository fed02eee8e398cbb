using System.Net;

namespace Evpnd.Daemon.Config;

/// <summary>A static local MAC of a VNI, with an optional IP for a MAC+IP route.</summary>
/// <param name="Mac">Canonical lowercase colon form, e.g. <c>02:00:00:00:00:01</c>; unicast.</param>
/// <param name="Ip">IPv4 or IPv6, or null for a MAC-only route.</param>
internal sealed record StaticMacConfig(string Mac, IPAddress? Ip = null);
