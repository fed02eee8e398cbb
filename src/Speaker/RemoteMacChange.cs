using System.Net;
using Evpnd.KernelSync;

namespace Evpnd;

/// <summary>
/// A remote MAC on a VNI as the speaker forwards it: behind <see cref="Vtep"/> (type-2 best path,
/// RFC 7432 s9.2.2), or gone. A value: raising it costs no allocation.
/// </summary>
public readonly record struct RemoteMacChange
{
    private readonly IpAddressValue _vtep;

    internal RemoteMacChange(RemoteChangeKind kind, Vni vni, MacAddress mac, IpAddressValue vtep, bool sticky)
    {
        Kind = kind;
        Vni = vni;
        Mac = mac;
        _vtep = vtep;
        Sticky = sticky;
    }

    /// <summary>Added (or moved) or removed.</summary>
    public RemoteChangeKind Kind { get; }

    /// <summary>The VNI.</summary>
    public Vni Vni { get; }

    /// <summary>The MAC.</summary>
    public MacAddress Mac { get; }

    /// <summary>The remote VTEP the MAC is behind; null for <see cref="RemoteChangeKind.Removed"/>.</summary>
    public IPAddress? Vtep => _vtep.ToIPAddress();

    /// <summary>The route carried the sticky flag (RFC 7432 s15.2: a static MAC that never moves).</summary>
    public bool Sticky { get; }

    /// <inheritdoc />
    public override string ToString() => Kind == RemoteChangeKind.Added
        ? $"vni {Vni} {Mac} at {Vtep}{(Sticky ? " sticky" : "")}"
        : $"vni {Vni} {Mac} removed";
}
