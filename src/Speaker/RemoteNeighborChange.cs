using System.Net;
using Evpnd.KernelSync;

namespace Evpnd;

/// <summary>
/// A remote host's IP on a VNI and the MAC it has, from a type-2 route that carries both
/// (RFC 7432 s10: what ARP/ND suppression answers with), or gone. A value: raising it costs no allocation.
/// </summary>
public readonly record struct RemoteNeighborChange
{
    private readonly IpAddressValue _ip;

    internal RemoteNeighborChange(RemoteChangeKind kind, Vni vni, IpAddressValue ip, MacAddress mac, bool router)
    {
        Kind = kind;
        Vni = vni;
        _ip = ip;
        Mac = mac;
        Router = router;
    }

    /// <summary>Added (or its MAC changed) or removed.</summary>
    public RemoteChangeKind Kind { get; }

    /// <summary>The VNI.</summary>
    public Vni Vni { get; }

    /// <summary>The host's IPv4 or IPv6 address.</summary>
    public IPAddress Ip => _ip.ToIPAddress()!;

    /// <summary>The host's MAC; <see cref="MacAddress.Zero"/> for <see cref="RemoteChangeKind.Removed"/>.</summary>
    public MacAddress Mac { get; }

    /// <summary>The route carried the router flag (RFC 9047: an IPv6 router, for ND's R bit).</summary>
    public bool Router { get; }

    /// <inheritdoc />
    public override string ToString() => Kind == RemoteChangeKind.Added
        ? $"vni {Vni} {Ip} is {Mac}{(Router ? " router" : "")}"
        : $"vni {Vni} {Ip} removed";
}
