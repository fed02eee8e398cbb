using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>An interned <see cref="RouteSourceKey"/>: a fabric has few VTEPs and fewer peers, so routes refer to these by index.</summary>
internal sealed class RouteSource
{
    public RouteSource(RouteSourceKey key)
    {
        Vtep = key.Vtep;
        Peer = key.Peer;
    }

    public IpAddressValue Vtep { get; }

    public IPAddress? Peer { get; }

    /// <summary>The VTEP is one of ours (a reflected route, an anycast VTEP pair): its routes are kept but not imported.</summary>
    public bool IsOwn { get; set; }

    /// <summary>Set while the engine re-places routes after <see cref="IsOwn"/> changed.</summary>
    public bool Moved { get; set; }
}
