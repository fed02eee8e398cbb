using System.Net;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>One side of a veth link: its namespace, interface name and addresses.</summary>
public sealed record LinkEnd(Netns Namespace, string Interface, IPAddress IPv4, IPAddress IPv6);
