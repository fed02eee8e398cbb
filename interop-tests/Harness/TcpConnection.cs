using System.Net;

namespace Evpnd.Interop.Tests.Harness;

/// <summary>An established TCP connection as `ss` shows it inside a namespace.</summary>
public sealed record TcpConnection(IPEndPoint Local, IPEndPoint Remote)
{
    public override string ToString() => $"{Local} -> {Remote}";
}
