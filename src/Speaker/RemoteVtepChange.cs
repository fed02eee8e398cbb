using System.Net;
using Evpnd.KernelSync;

namespace Evpnd;

/// <summary>
/// A remote VTEP joining or leaving a VNI's flood list (its type-3 route, RFC 7432 s11; head-end
/// replication, RFC 8365 s9). A value: raising it costs no allocation.
/// </summary>
public readonly record struct RemoteVtepChange
{
    private readonly IpAddressValue _vtep;

    internal RemoteVtepChange(RemoteChangeKind kind, Vni vni, IpAddressValue vtep)
    {
        Kind = kind;
        Vni = vni;
        _vtep = vtep;
    }

    /// <summary>Added or removed.</summary>
    public RemoteChangeKind Kind { get; }

    /// <summary>The VNI.</summary>
    public Vni Vni { get; }

    /// <summary>The remote VTEP's address.</summary>
    public IPAddress Vtep => _vtep.ToIPAddress()!;

    /// <inheritdoc />
    public override string ToString() => $"vni {Vni} vtep {Vtep} {(Kind == RemoteChangeKind.Added ? "added" : "removed")}";
}
